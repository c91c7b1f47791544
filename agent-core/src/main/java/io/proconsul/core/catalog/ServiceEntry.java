package io.proconsul.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One instance of a service with its node and every check that covers it (its own and the node's), as
 * {@code /v1/health/service/<name>} answers it and DNS reads it. {@code /v1/catalog/service/<name>}
 * flattens the same data into Consul's {@code CatalogService} shape.
 */
@JsonPropertyOrder({"Node", "Service", "Checks"})
public record ServiceEntry(
        @JsonProperty("Node") Node node,
        @JsonProperty("Service") NodeService service,
        @JsonProperty("Checks") List<HealthCheck> checks) {

    public ServiceEntry {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(service, "service");
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The worst state of its checks; {@code passing} with none, as Consul's DNS and {@code ?passing} see it. */
    public String aggregateStatus() {
        String worst = HealthStatus.PASSING;
        for (HealthCheck c : checks) {
            worst = HealthStatus.worse(worst, c.status());
        }
        return worst;
    }
}
