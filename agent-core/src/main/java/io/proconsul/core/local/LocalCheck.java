package io.proconsul.core.local;

import io.proconsul.core.GoDuration;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.NodeService;
import java.time.Duration;
import java.util.Objects;

/**
 * A check registered on this agent with its current state.
 *
 * @param definition what runs it; {@code null} for the maintenance-mode checks, which nothing runs
 */
public record LocalCheck(HealthCheck check, CheckDefinition definition, DefinitionSource source) {

    /** Consul's name and type of the maintenance-mode checks. */
    static final String NODE_MAINT_NAME = "Node Maintenance Mode";
    static final String SERVICE_MAINT_NAME = "Service Maintenance Mode";
    static final String MAINT_TYPE = "maintenance";
    static final String DEFAULT_NODE_MAINT_REASON =
            "Maintenance mode is enabled for this node, but no reason was provided. This is a default message.";
    static final String DEFAULT_SERVICE_MAINT_REASON =
            "Maintenance mode is enabled for this service, but no reason was provided. This is a default message.";

    public LocalCheck {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(source, "source");
    }

    public String id() {
        return check.checkId();
    }

    /** Whether its state comes from {@code /v1/agent/check/pass|warn|fail|update}. */
    public boolean isTtl() {
        return definition != null && definition.type().equals("ttl");
    }

    LocalCheck withState(String status, String output) {
        return new LocalCheck(check.withStatus(status, output), definition, source);
    }

    /**
     * The check for {@code d} in its initial state (the definition's {@code status}, else critical, as
     * Consul). {@code service} is the service it belongs to, {@code null} for a node-level check.
     */
    static LocalCheck of(String node, CheckDefinition d, NodeService service, DefinitionSource source) {
        String status = d.status().isEmpty() ? HealthStatus.CRITICAL : d.status();
        HealthCheck c = new HealthCheck(node, d.id(), d.name(), status, d.notes(), "", d.serviceId(),
                service == null ? "" : service.service(), service == null ? null : service.tags(), d.type(),
                d.ttl() != null ? "" : format(d.interval()), format(d.timeout()), 0, 0);
        return new LocalCheck(c, d, source);
    }

    /**
     * A service's {@code i}-th check (of {@code count}) with Consul's defaults filled in: ID
     * {@code service:<id>} (with {@code :<i+1>} when the service has several), name
     * {@code Service '<name>' check}, and the service ID.
     */
    static CheckDefinition forService(CheckDefinition d, NodeService service, int i, int count) {
        String id = !d.id().isEmpty() ? d.id()
                : count == 1 ? "service:" + service.id() : "service:" + service.id() + ":" + (i + 1);
        String name = d.name().isEmpty() ? "Service '" + service.service() + "' check" : d.name();
        return withIds(d, id, name, service.id());
    }

    /** A node-level or stand-alone check with its ID defaulted to its name. */
    static CheckDefinition standalone(CheckDefinition d) {
        return withIds(d, d.id().isEmpty() ? d.name() : d.id(), d.name(), d.serviceId());
    }

    static CheckDefinition withIds(CheckDefinition d, String id, String name, String serviceId) {
        return new CheckDefinition(id, name, d.notes(), serviceId, d.args(), d.http(), d.method(), d.header(),
                d.body(), d.tlsSkipVerify(), d.tcp(), d.grpc(), d.grpcUseTls(), d.ttl(), d.interval(), d.timeout(),
                d.status(), d.successBeforePassing(), d.failuresBeforeCritical(),
                d.deregisterCriticalServiceAfter());
    }

    static LocalCheck nodeMaintenance(String node, String reason) {
        HealthCheck c = new HealthCheck(node, HealthStatus.NODE_MAINT_CHECK_ID, NODE_MAINT_NAME,
                HealthStatus.CRITICAL, reason.isEmpty() ? DEFAULT_NODE_MAINT_REASON : reason, "", "", "", null,
                MAINT_TYPE, "", "", 0, 0);
        return new LocalCheck(c, null, DefinitionSource.API);
    }

    static LocalCheck serviceMaintenance(String node, NodeService service, String reason) {
        HealthCheck c = new HealthCheck(node, HealthStatus.SERVICE_MAINT_CHECK_PREFIX + service.id(),
                SERVICE_MAINT_NAME, HealthStatus.CRITICAL, reason.isEmpty() ? DEFAULT_SERVICE_MAINT_REASON : reason,
                "", service.id(), service.service(), service.tags(), MAINT_TYPE, "", "", 0, 0);
        return new LocalCheck(c, null, DefinitionSource.API);
    }

    private static String format(Duration d) {
        return d == null ? "" : GoDuration.format(d);
    }
}
