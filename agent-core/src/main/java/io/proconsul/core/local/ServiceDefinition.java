package io.proconsul.core.local;

import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.catalog.Weights;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service as an operator defines it: a {@code service {}} block of a config file or the body of
 * {@code PUT /v1/agent/service/register} (Consul's {@code ServiceDefinition} /
 * {@code AgentServiceRegistration}). Checks defined inside it belong to it.
 *
 * @param id {@code ""} means the name
 * @param port 0 when not given
 */
public record ServiceDefinition(
        String kind,
        String id,
        String name,
        List<String> tags,
        String address,
        Map<String, ServiceAddress> taggedAddresses,
        Map<String, String> meta,
        int port,
        Weights weights,
        boolean enableTagOverride,
        List<CheckDefinition> checks) {

    public ServiceDefinition {
        kind = kind == null ? "" : kind;
        id = id == null ? "" : id;
        Objects.requireNonNull(name, "name");
        tags = tags == null ? List.of() : List.copyOf(tags);
        address = address == null ? "" : address;
        taggedAddresses = taggedAddresses == null ? Map.of() : Map.copyOf(taggedAddresses);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        weights = weights == null ? Weights.DEFAULT : weights;
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** The ID the instance is registered under: {@code id}, else the name. */
    public String effectiveId() {
        return id.isEmpty() ? name : id;
    }
}
