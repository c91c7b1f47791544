package io.proconsul.http.endpoint;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.filter.Filter;
import io.proconsul.core.filter.FilterSchema;
import io.proconsul.core.local.DefinitionDecoder;
import io.proconsul.core.local.DefinitionSource;
import io.proconsul.core.local.LocalAgent;
import io.proconsul.core.local.ServiceDefinition;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The agent's own services, after Consul's {@code agent_endpoint.go} and
 * {@code api-docs/agent/service.mdx}: {@code GET /v1/agent/services}, {@code GET /v1/agent/service/<id>},
 * {@code PUT /v1/agent/service/register} ({@code ?replace-existing-checks}),
 * {@code PUT /v1/agent/service/deregister/<id>}, {@code PUT /v1/agent/service/maintenance/<id>} and the
 * local health answers {@code GET /v1/agent/health/service/id/<id>} and {@code .../name/<name>} (200
 * passing, 429 warning, 503 critical or maintenance, 404 unknown; {@code ?format=text} for the bare status).
 *
 * <p>Everything is answered from the agent's local state: no index headers, no blocking queries. Changes
 * run off the event loop (they write the data dir); anti-entropy writes them to the catalog after the answer.
 */
public final class AgentServiceEndpoint {

    private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]");

    private final LocalAgent local;
    private final String datacenter;
    private final QueryOptionsParser options;

    public AgentServiceEndpoint(LocalAgent local, String datacenter) {
        this.local = local;
        this.datacenter = datacenter;
        this.options = new QueryOptionsParser(datacenter);
    }

    /**
     * {@code GET /v1/agent/services}: service ID to {@code AgentService}, sorted by ID as Go writes a map;
     * {@code ?filter} applies to the services.
     */
    public CompletableFuture<ApiResponse> services(ApiRequest req) {
        Filter filter = CatalogParams.filter(req.query(), FilterSchema.of(AgentLocalJson.AgentService.class));
        Map<String, AgentLocalJson.AgentService> out = new LinkedHashMap<>();
        local.services().forEach((id, s) -> {
            AgentLocalJson.AgentService json = AgentLocalJson.AgentService.of(s, datacenter);
            if (filter.matches(CatalogParams.JSON.valueToTree(json))) {
                out.put(id, json);
            }
        });
        return done(ApiResponse.json(out));
    }

    /**
     * {@code GET /v1/agent/service/<id>}: one service with its {@code ContentHash} (also as a header). With
     * {@code ?hash} it blocks while the service still has that hash, up to {@code ?wait} (Consul's
     * hash-based blocking query).
     */
    public CompletableFuture<ApiResponse> service(ApiRequest req) {
        String id = AgentBodies.tail(req, "/v1/agent/service/");
        String hash = req.query().get("hash");
        if (hash.isEmpty()) {
            return done(answer(current(id)));
        }
        long deadline = System.nanoTime() + options.parse(req).maxWait().toNanos();
        return req.onLoop(await(id, hash, deadline));
    }

    private CompletableFuture<ApiResponse> await(String id, String hash, long deadline) {
        // Taken before reading, so a change between the read and the wait is not missed.
        CompletableFuture<Void> next = local.nextChange();
        AgentLocalJson.AgentService now = current(id);
        long left = deadline - System.nanoTime();
        if (!now.contentHash().equals(hash) || left <= 0) {
            return done(answer(now));
        }
        return next.thenApply(v -> v).completeOnTimeout(null, left, TimeUnit.NANOSECONDS)
                .thenCompose(v -> await(id, hash, deadline));
    }

    private AgentLocalJson.AgentService current(String id) {
        Optional<NodeService> s = local.service(id);
        if (s.isEmpty()) {
            throw new ApiException.NotFound("unknown service ID: " + id);
        }
        return AgentLocalJson.AgentService.of(s.get(), datacenter).withHash();
    }

    private static ApiResponse answer(AgentLocalJson.AgentService s) {
        return ApiResponse.json(s).header("X-Consul-ContentHash", s.contentHash());
    }

    /** {@code PUT /v1/agent/service/register}: an empty 200 once the service is in the local state. */
    public CompletableFuture<ApiResponse> register(ApiRequest req) {
        var body = AgentBodies.read(req);
        ServiceDefinition def = AgentBodies.decode(() -> DefinitionDecoder.serviceFromJson(body));
        if (ANY_ADDRESS.contains(def.address())) {
            throw new ApiException.BadRequest("Invalid service address");
        }
        boolean replace = req.query().has("replace-existing-checks");
        return AgentBodies.change(req, () -> local.addService(def, replace, DefinitionSource.API));
    }

    /** {@code PUT /v1/agent/service/deregister/<id>}: the service and its checks. */
    public CompletableFuture<ApiResponse> deregister(ApiRequest req) {
        String id = AgentBodies.tail(req, "/v1/agent/service/deregister/");
        return AgentBodies.change(req, () -> local.removeService(id));
    }

    /** {@code PUT /v1/agent/service/maintenance/<id>?enable=&reason=}. */
    public CompletableFuture<ApiResponse> maintenance(ApiRequest req) {
        String id = AgentBodies.tail(req, "/v1/agent/service/maintenance/");
        if (id.isEmpty()) {
            throw new ApiException.BadRequest("Missing service ID");
        }
        boolean enable = AgentBodies.enable(req);
        String reason = req.query().get("reason");
        return AgentBodies.change(req, () -> {
            if (enable) {
                local.enableServiceMaintenance(id, reason);
            } else {
                local.disableServiceMaintenance(id);
            }
        });
    }

    /** {@code GET /v1/agent/health/service/id/<id>}. */
    public CompletableFuture<ApiResponse> healthById(ApiRequest req) {
        String id = AgentBodies.tail(req, "/v1/agent/health/service/id/");
        if (id.isEmpty()) {
            throw new ApiException.BadRequest("Missing serviceID");
        }
        Optional<NodeService> s = local.service(id);
        if (s.isEmpty()) {
            String reason = "ServiceId " + id + " not found";
            return done(textPlain(req) ? ApiResponse.text(HttpResponseStatus.NOT_FOUND, reason)
                    : ApiResponse.json(HttpResponseStatus.NOT_FOUND,
                            new AgentLocalJson.ServiceHealth(HealthStatus.CRITICAL, null, null)));
        }
        AgentLocalJson.ServiceHealth health = health(s.get());
        HttpResponseStatus code = HttpResponseStatus.valueOf(AgentLocalJson.statusCode(health.aggregatedStatus()));
        return done(textPlain(req) ? ApiResponse.text(code, health.aggregatedStatus())
                : ApiResponse.json(code, health));
    }

    /**
     * {@code GET /v1/agent/health/service/name/<name>}: every instance of the name; the status code is the
     * worst instance's, 404 with {@code []} when there is none.
     */
    public CompletableFuture<ApiResponse> healthByName(ApiRequest req) {
        String name = AgentBodies.tail(req, "/v1/agent/health/service/name/");
        if (name.isEmpty()) {
            throw new ApiException.BadRequest("Missing service Name");
        }
        int code = 404;
        String status = "ServiceName " + name + " Not Found";
        List<AgentLocalJson.ServiceHealth> out = new ArrayList<>();
        for (NodeService s : local.servicesByName(name)) {
            AgentLocalJson.ServiceHealth h = health(s);
            out.add(h);
            int c = AgentLocalJson.statusCode(h.aggregatedStatus());
            if (code == 404 || c > code) {
                code = c;
                status = h.aggregatedStatus();
            }
        }
        HttpResponseStatus http = HttpResponseStatus.valueOf(code);
        return done(textPlain(req) ? ApiResponse.text(http, status) : ApiResponse.json(http, out));
    }

    private AgentLocalJson.ServiceHealth health(NodeService s) {
        List<HealthCheck> checks = local.checksForService(s.id());
        return new AgentLocalJson.ServiceHealth(AgentLocalJson.aggregatedStatus(checks),
                AgentLocalJson.AgentService.of(s, datacenter), checks);
    }

    /** Consul's {@code returnTextPlain}: an {@code Accept: text/plain} header, else {@code ?format=text}. */
    private static boolean textPlain(ApiRequest req) {
        String accept = req.headers().get(HttpHeaderNames.ACCEPT);
        if (accept != null && accept.startsWith("text/plain")) {
            return true;
        }
        return req.query().get("format").equals("text");
    }

    private static CompletableFuture<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
