package io.proconsul.http.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.catalog.Weights;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The wire shapes of the agent's local services and checks ({@code api.AgentService}, ...). */
final class AgentLocalJson {

    private AgentLocalJson() {}

    /**
     * Consul's {@code api.AgentService} as {@code /v1/agent/services} and {@code /v1/agent/service/<id>}
     * write it: {@code Tags} and {@code Meta} never null, indexes left out (local entries have none),
     * {@code ContentHash} only on the single-service answer.
     */
    @JsonPropertyOrder({"Kind", "ID", "Service", "Tags", "Meta", "Port", "Address", "TaggedAddresses", "Weights",
            "EnableTagOverride", "ContentHash", "Datacenter"})
    record AgentService(
            @JsonProperty("Kind") @JsonInclude(JsonInclude.Include.NON_EMPTY) String kind,
            @JsonProperty("ID") String id,
            @JsonProperty("Service") String service,
            @JsonProperty("Tags") List<String> tags,
            @JsonProperty("Meta") Map<String, String> meta,
            @JsonProperty("Port") int port,
            @JsonProperty("Address") String address,
            @JsonProperty("TaggedAddresses") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                    Map<String, ServiceAddress> taggedAddresses,
            @JsonProperty("Weights") Weights weights,
            @JsonProperty("EnableTagOverride") boolean enableTagOverride,
            @JsonProperty("ContentHash") @JsonInclude(JsonInclude.Include.NON_EMPTY) String contentHash,
            @JsonProperty("Datacenter") String datacenter) {

        static AgentService of(NodeService s, String datacenter) {
            return new AgentService(s.kind(), s.id(), s.service(), s.tags(), new java.util.TreeMap<>(s.meta()),
                    s.port(), s.address(), s.taggedAddresses(), s.weights(), s.enableTagOverride(), "", datacenter);
        }

        /** With Consul's {@code ContentHash}: changes whenever anything in the service changes. */
        AgentService withHash() {
            String text = String.join("\u0000", kind, id, service, tags.toString(), meta.toString(),
                    Integer.toString(port), address, taggedAddresses.toString(), weights.toString(),
                    Boolean.toString(enableTagOverride), datacenter);
            return new AgentService(kind, id, service, tags, meta, port, address, taggedAddresses, weights,
                    enableTagOverride, hash(text), datacenter);
        }
    }

    /** Consul's {@code api.AgentServiceChecksInfo}: the answer of {@code /v1/agent/health/service/*}. */
    @JsonPropertyOrder({"AggregatedStatus", "Service", "Checks"})
    record ServiceHealth(
            @JsonProperty("AggregatedStatus") String aggregatedStatus,
            @JsonProperty("Service") AgentService service,
            @JsonProperty("Checks") List<HealthCheck> checks) {}

    /** Consul's {@code HealthChecks.AggregatedStatus}: maintenance first, then the worst state. */
    static String aggregatedStatus(List<HealthCheck> checks) {
        String worst = HealthStatus.PASSING;
        for (HealthCheck c : checks) {
            if (c.checkId().equals(HealthStatus.NODE_MAINT_CHECK_ID)
                    || c.checkId().startsWith(HealthStatus.SERVICE_MAINT_CHECK_PREFIX)) {
                return "maintenance";
            }
            worst = HealthStatus.worse(worst, c.status());
        }
        return worst;
    }

    /** Consul's status code for an aggregated status: 200 passing, 429 warning, 503 otherwise. */
    static int statusCode(String aggregated) {
        return switch (aggregated) {
            case HealthStatus.PASSING -> 200;
            case HealthStatus.WARNING -> 429;
            default -> 503;
        };
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
