package io.proconsul.core.store;

import io.proconsul.core.catalog.HealthCheck;
import java.util.List;
import java.util.Objects;

/**
 * The checks bound to instances of one service (not node-level checks), ordered by node then check ID:
 * {@code /v1/health/checks/<service>}. Index: the checks table's.
 */
public record ServiceChecks(String service) implements Query<List<HealthCheck>> {

    public ServiceChecks {
        Objects.requireNonNull(service, "service");
    }
}
