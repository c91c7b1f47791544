package io.proconsul.core.store;

import java.util.Objects;

/**
 * Consul's {@code Catalog.Deregister}: with neither ID, the node with all its services and checks; with
 * {@code serviceId}, that service and its checks; with {@code checkId}, that check. Completes with
 * {@code true}; removing something that does not exist is not an error (Consul answers {@code true}).
 */
public record CatalogDeregister(String node, String serviceId, String checkId) implements Command<Boolean> {

    public CatalogDeregister {
        Objects.requireNonNull(node, "node");
        serviceId = serviceId == null ? "" : serviceId;
        checkId = checkId == null ? "" : checkId;
    }

    public static CatalogDeregister node(String node) {
        return new CatalogDeregister(node, "", "");
    }

    public static CatalogDeregister service(String node, String serviceId) {
        return new CatalogDeregister(node, serviceId, "");
    }

    public static CatalogDeregister check(String node, String checkId) {
        return new CatalogDeregister(node, "", checkId);
    }
}
