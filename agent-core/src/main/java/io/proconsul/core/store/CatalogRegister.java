package io.proconsul.core.store;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.NodeService;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Consul's {@code Catalog.Register}: creates or updates a node, and optionally one service on it and any
 * number of checks, in one write. Completes with {@code true} as {@code PUT /v1/catalog/register} answers.
 *
 * <p>Indexes inside {@code service} and {@code checks} are ignored: the store assigns them (an unchanged
 * node, service or check keeps its ModifyIndex). A check whose {@code Node} is empty belongs to
 * {@code node}; a check naming a service ID that does not exist on the node fails the whole write.
 *
 * @param id the node ID, {@code ""} when not known
 * @param service {@code null} when only the node (and checks) are registered
 * @param skipNodeUpdate Consul's {@code SkipNodeUpdate}: keep an existing node's address and meta
 */
public record CatalogRegister(
        String node,
        String id,
        String address,
        Map<String, String> taggedAddresses,
        Map<String, String> nodeMeta,
        NodeService service,
        List<HealthCheck> checks,
        boolean skipNodeUpdate) implements Command<Boolean> {

    public CatalogRegister {
        Objects.requireNonNull(node, "node");
        id = id == null ? "" : id;
        address = address == null ? "" : address;
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        nodeMeta = nodeMeta == null ? Map.of() : Map.copyOf(nodeMeta);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
