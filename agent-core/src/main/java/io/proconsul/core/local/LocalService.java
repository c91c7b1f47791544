package io.proconsul.core.local;

import io.proconsul.core.catalog.NodeService;
import java.util.List;
import java.util.Objects;

/**
 * A service registered on this agent: what {@code /v1/agent/services} lists and anti-entropy writes to
 * the catalog, with the definition it came from (without its checks, which are held as {@link LocalCheck}s).
 */
public record LocalService(NodeService service, ServiceDefinition definition, DefinitionSource source) {

    public LocalService {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(source, "source");
    }

    /** The instance for {@code definition}: ID defaulted to the name, indexes 0 (the catalog assigns them). */
    public static LocalService of(ServiceDefinition definition, DefinitionSource source) {
        ServiceDefinition d = definition;
        NodeService s = new NodeService(d.kind(), d.effectiveId(), d.name(), d.tags(), d.meta(), d.port(),
                d.address(), d.taggedAddresses(), d.weights(), d.enableTagOverride(), 0, 0);
        ServiceDefinition bare = new ServiceDefinition(d.kind(), d.effectiveId(), d.name(), d.tags(), d.address(),
                d.taggedAddresses(), d.meta(), d.port(), d.weights(), d.enableTagOverride(), List.of());
        return new LocalService(s, bare, source);
    }

    public String id() {
        return service.id();
    }

    /** The same service with the tags the catalog holds ({@code EnableTagOverride}). */
    LocalService withTags(List<String> tags) {
        return new LocalService(service.withTags(tags), definition, source);
    }
}
