package io.proconsul.core.store;

import io.proconsul.core.catalog.ServiceEntry;
import java.util.List;
import java.util.Objects;

/**
 * Every instance of one service with its node and checks (node-level checks included), ordered by node
 * name then service ID: {@code /v1/catalog/service/<name>}, {@code /v1/health/service/<name>} and DNS.
 * Tag, health and meta filters are applied by the caller.
 *
 * <p>Index and watch: the service's own index, which moves only when an instance of this service, a check
 * on one, or a node hosting one changes (Consul wakes every service watcher on any change, #1244); for a
 * service that never existed, the services table's index.
 */
public record ServiceNodes(String service) implements Query<List<ServiceEntry>> {

    public ServiceNodes {
        Objects.requireNonNull(service, "service");
    }
}
