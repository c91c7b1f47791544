package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * One node's LAN coordinate in the catalog, Consul's {@code structs.Coordinate}: the element of
 * {@code /v1/coordinate/nodes} and the body of {@code PUT /v1/coordinate/update}. Consul keeps no
 * CreateIndex or ModifyIndex on these rows; answers carry the {@code coordinates} table's index.
 *
 * @param segment the network segment (Consul Enterprise); always {@code ""} here, the default segment
 */
@JsonPropertyOrder({"Node", "Segment", "Coord"})
public record CoordinateEntry(
        @JsonProperty("Node") String node,
        @JsonProperty("Segment") String segment,
        @JsonProperty("Coord") Coordinate coord) {

    public CoordinateEntry {
        node = node == null ? "" : node;
        segment = segment == null ? "" : segment;
        Objects.requireNonNull(coord, "Coord");
    }
}
