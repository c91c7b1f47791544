package io.proconsul.core.store;

import io.proconsul.core.catalog.HealthCheck;
import java.util.List;
import java.util.Objects;

/**
 * Every check in one state ({@code passing}, {@code warning}, {@code critical}, or {@code any}), ordered by
 * node then check ID: {@code /v1/health/state/<state>}. Index: the checks table's.
 */
public record ChecksInState(String state) implements Query<List<HealthCheck>> {

    public ChecksInState {
        Objects.requireNonNull(state, "state");
    }
}
