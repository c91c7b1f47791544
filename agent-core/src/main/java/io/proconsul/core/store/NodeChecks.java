package io.proconsul.core.store;

import io.proconsul.core.catalog.HealthCheck;
import java.util.List;
import java.util.Objects;

/** The checks on one node, sorted by check ID: {@code /v1/health/node/<name>}. Index: the checks table's. */
public record NodeChecks(String node) implements Query<List<HealthCheck>> {

    public NodeChecks {
        Objects.requireNonNull(node, "node");
    }
}
