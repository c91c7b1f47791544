package io.proconsul.http.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.filter.Filter;
import io.proconsul.core.filter.FilterSchema;
import io.proconsul.core.local.CheckDefinition;
import io.proconsul.core.local.DefinitionDecoder;
import io.proconsul.core.local.DefinitionException;
import io.proconsul.core.local.DefinitionSource;
import io.proconsul.core.local.LocalAgent;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The agent's own checks and agent-wide switches, after Consul's {@code agent_endpoint.go} and
 * {@code api-docs/agent/check.mdx}, {@code agent/index.mdx}: {@code GET /v1/agent/checks},
 * {@code PUT /v1/agent/check/register}, {@code PUT /v1/agent/check/deregister/<id>},
 * {@code PUT /v1/agent/check/pass|warn|fail/<id>?note=}, {@code PUT /v1/agent/check/update/<id>} (body
 * {@code {"Status", "Output"}}), {@code PUT /v1/agent/maintenance?enable=&reason=} and
 * {@code PUT /v1/agent/reload}.
 *
 * <p>Reads answer from the agent's local state at once. Changes and reloads run off the event loop (they
 * write the data dir, read the config files) and answer an empty 200; anti-entropy writes them to the
 * catalog afterwards.
 */
public final class AgentCheckEndpoint {

    private final LocalAgent local;
    private final Runnable reload;

    /** @param reload re-reads the config files and applies them ({@code consul reload}); null if unsupported */
    public AgentCheckEndpoint(LocalAgent local, Runnable reload) {
        this.local = local;
        this.reload = reload;
    }

    /** {@code GET /v1/agent/checks}: check ID to {@code HealthCheck}, sorted by ID; {@code ?filter} on the checks. */
    public CompletableFuture<ApiResponse> checks(ApiRequest req) {
        Filter filter = CatalogParams.filter(req.query(), FilterSchema.of(HealthCheck.class));
        Map<String, HealthCheck> out = new LinkedHashMap<>();
        local.checks().forEach((id, c) -> {
            if (filter.matches(CatalogParams.JSON.valueToTree(c))) {
                out.put(id, c);
            }
        });
        return done(ApiResponse.json(out));
    }

    /** {@code PUT /v1/agent/check/register}. */
    public CompletableFuture<ApiResponse> register(ApiRequest req) {
        JsonNode body = AgentBodies.read(req);
        CheckDefinition def;
        try {
            def = DefinitionDecoder.checkFromJson(body);
        } catch (DefinitionException e) {
            // The check endpoint words a bad status differently from the service endpoint.
            if (e.reason().startsWith("Status for checks must")) {
                throw new ApiException.BadRequest("Bad check status");
            }
            throw AgentBodies.badRequest(e);
        }
        if (def.name().isEmpty()) {
            throw new ApiException.BadRequest("Missing check name");
        }
        return AgentBodies.change(req, () -> local.addCheck(def, DefinitionSource.API));
    }

    /** {@code PUT /v1/agent/check/deregister/<id>}. */
    public CompletableFuture<ApiResponse> deregister(ApiRequest req) {
        String id = AgentBodies.tail(req, "/v1/agent/check/deregister/");
        return AgentBodies.change(req, () -> local.removeCheck(id));
    }

    public CompletableFuture<ApiResponse> pass(ApiRequest req) {
        return ttl(req, "/v1/agent/check/pass/", HealthStatus.PASSING);
    }

    public CompletableFuture<ApiResponse> warn(ApiRequest req) {
        return ttl(req, "/v1/agent/check/warn/", HealthStatus.WARNING);
    }

    public CompletableFuture<ApiResponse> fail(ApiRequest req) {
        return ttl(req, "/v1/agent/check/fail/", HealthStatus.CRITICAL);
    }

    /** {@code PUT /v1/agent/check/update/<id>} with {@code {"Status": ..., "Output": ...}}. */
    public CompletableFuture<ApiResponse> update(ApiRequest req) {
        JsonNode body = AgentBodies.read(req);
        String status = field(body, "Status");
        String output = field(body, "Output");
        if (!HealthStatus.isValid(status)) {
            throw new ApiException.BadRequest("Invalid check status: '" + status + "'");
        }
        String id = AgentBodies.tail(req, "/v1/agent/check/update/");
        return AgentBodies.change(req, () -> local.updateTtl(id, status, output));
    }

    /** {@code PUT /v1/agent/maintenance?enable=&reason=}: the node's maintenance mode. */
    public CompletableFuture<ApiResponse> nodeMaintenance(ApiRequest req) {
        boolean enable = AgentBodies.enable(req);
        String reason = req.query().get("reason");
        return AgentBodies.change(req, () -> {
            if (enable) {
                local.enableNodeMaintenance(reason);
            } else {
                local.disableNodeMaintenance();
            }
        });
    }

    /** {@code PUT /v1/agent/reload}: an empty 200 once the config files are applied, else 500 with why. */
    public CompletableFuture<ApiResponse> reload(ApiRequest req) {
        if (reload == null) {
            throw new ApiException.ServerError("Reload is not supported by this agent");
        }
        CompletableFuture<ApiResponse> f = CompletableFuture.runAsync(reload).<ApiResponse>handle((v, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                throw new ApiException.ServerError(String.valueOf(cause.getMessage()));
            }
            return null;
        });
        return req.onLoop(f);
    }

    private CompletableFuture<ApiResponse> ttl(ApiRequest req, String prefix, String status) {
        String id = AgentBodies.tail(req, prefix);
        String note = req.query().get("note");
        return AgentBodies.change(req, () -> local.updateTtl(id, status, note));
    }

    /** A string field matched case-insensitively, as Go's JSON decoder matches struct fields. */
    private static String field(JsonNode body, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name) && e.getValue().isTextual()) {
                return e.getValue().asText();
            }
        }
        return "";
    }

    private static CompletableFuture<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
