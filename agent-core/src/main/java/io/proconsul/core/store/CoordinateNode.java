package io.proconsul.core.store;

import io.proconsul.core.catalog.CoordinateEntry;
import java.util.List;
import java.util.Objects;

/**
 * One node's LAN coordinates, one per segment (so at most one here): {@code /v1/coordinate/node/<node>}.
 * The node name is compared case-insensitively, as the catalog compares it. Index: the coordinates
 * table's.
 */
public record CoordinateNode(String node) implements Query<List<CoordinateEntry>> {

    public CoordinateNode {
        Objects.requireNonNull(node, "node");
    }
}
