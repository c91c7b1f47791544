package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One service instance on one node, Consul's {@code NodeService}: what {@code /v1/agent/services} lists
 * and the {@code Service} of a {@code /v1/health/service} entry.
 *
 * @param kind {@code ""} for a typical service (Connect kinds are not supported yet)
 * @param id unique on its node; defaults to the service name at registration
 * @param service the service name DNS and the catalog look it up by
 * @param address {@code ""} means the node's address
 * @param port 0 when not given
 */
@JsonPropertyOrder({"Kind", "ID", "Service", "Tags", "Meta", "Port", "Address", "TaggedAddresses", "Weights",
        "EnableTagOverride", "CreateIndex", "ModifyIndex"})
public record NodeService(
        @JsonProperty("Kind") @JsonInclude(JsonInclude.Include.NON_EMPTY) String kind,
        @JsonProperty("ID") String id,
        @JsonProperty("Service") String service,
        @JsonProperty("Tags") List<String> tags,
        @JsonProperty("Meta") Map<String, String> meta,
        @JsonProperty("Port") int port,
        @JsonProperty("Address") String address,
        @JsonProperty("TaggedAddresses") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                Map<String, ServiceAddress> taggedAddresses,
        @JsonProperty("Weights") Weights weights,
        @JsonProperty("EnableTagOverride") boolean enableTagOverride,
        @JsonProperty("CreateIndex") long createIndex,
        @JsonProperty("ModifyIndex") long modifyIndex) {

    public NodeService {
        kind = kind == null ? "" : kind;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        tags = tags == null ? List.of() : List.copyOf(tags);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        address = address == null ? "" : address;
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        weights = weights == null ? Weights.DEFAULT : weights;
    }

    public NodeService withIndexes(long create, long modify) {
        return new NodeService(kind, id, service, tags, meta, port, address, taggedAddresses, weights,
                enableTagOverride, create, modify);
    }

    /** The same instance with other tags (catalog tag overrides when {@code EnableTagOverride}). */
    public NodeService withTags(List<String> newTags) {
        return new NodeService(kind, id, service, newTags, meta, port, address, taggedAddresses, weights,
                enableTagOverride, createIndex, modifyIndex);
    }
}
