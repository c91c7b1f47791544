package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.Objects;

/**
 * A node in the catalog, Consul's {@code Node}: the element of {@code /v1/catalog/nodes}.
 *
 * @param id the node ID (a UUID), {@code ""} when registered without one
 * @param node the node name, unique in the datacenter (compared case-insensitively, as Consul)
 * @param taggedAddresses {@code lan}, {@code lan_ipv4}, {@code wan}, {@code wan_ipv4}, ...
 */
@JsonPropertyOrder({"ID", "Node", "Address", "Datacenter", "TaggedAddresses", "Meta", "CreateIndex", "ModifyIndex"})
public record Node(
        @JsonProperty("ID") String id,
        @JsonProperty("Node") String node,
        @JsonProperty("Address") String address,
        @JsonProperty("Datacenter") String datacenter,
        @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
        @JsonProperty("Meta") Map<String, String> meta,
        @JsonProperty("CreateIndex") long createIndex,
        @JsonProperty("ModifyIndex") long modifyIndex) {

    public Node {
        id = id == null ? "" : id;
        Objects.requireNonNull(node, "node");
        address = address == null ? "" : address;
        datacenter = datacenter == null ? "" : datacenter;
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    public Node withIndexes(long create, long modify) {
        return new Node(id, node, address, datacenter, taggedAddresses, meta, create, modify);
    }
}
