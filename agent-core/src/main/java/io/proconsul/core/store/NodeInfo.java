package io.proconsul.core.store;

import io.proconsul.core.catalog.NodeServices;
import java.util.Objects;
import java.util.Optional;

/**
 * One node and its services, empty when the node is unknown (name compared case-insensitively):
 * {@code /v1/catalog/node/<name>}, {@code node-services}, DNS node lookups. Index: the highest of the
 * nodes and services tables'.
 */
public record NodeInfo(String node) implements Query<Optional<NodeServices>> {

    public NodeInfo {
        Objects.requireNonNull(node, "node");
    }
}
