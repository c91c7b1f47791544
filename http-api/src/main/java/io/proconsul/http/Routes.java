package io.proconsul.http;

import io.netty.handler.codec.http.HttpMethod;
import io.proconsul.http.endpoint.AgentCheckEndpoint;
import io.proconsul.http.endpoint.AgentEndpoint;
import io.proconsul.http.endpoint.AgentMembersEndpoint;
import io.proconsul.http.endpoint.AgentServiceEndpoint;
import io.proconsul.http.endpoint.CatalogEndpoint;
import io.proconsul.http.endpoint.CoordinateEndpoint;
import io.proconsul.http.endpoint.EventEndpoint;
import io.proconsul.http.endpoint.HealthEndpoint;
import io.proconsul.http.endpoint.KvEndpoint;
import io.proconsul.http.endpoint.OperatorEndpoint;
import io.proconsul.http.endpoint.SessionEndpoint;
import io.proconsul.http.endpoint.SnapshotEndpoint;
import io.proconsul.http.endpoint.StatusEndpoint;
import io.proconsul.http.endpoint.TxnEndpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The route table, one line per route as in Consul's {@code http_register.go}. A pattern ending in
 * {@code /} matches every path under it (the longest such pattern wins, as with Go's {@code ServeMux});
 * any other pattern matches exactly. Each route lists its methods: another method gets 405 with an
 * {@code Allow} header, {@code OPTIONS} gets the list.
 *
 * <p>Immutable after {@link #consul}; shared by every connection.
 */
public final class Routes {

    /** An endpoint method. Runs on the event loop and must not block; it answers through the future. */
    @FunctionalInterface
    public interface Handler {
        CompletableFuture<ApiResponse> handle(ApiRequest request);
    }

    /** One registered route. */
    public record Route(String pattern, List<HttpMethod> methods, Handler handler) {

        /** The methods for the {@code Allow} header: {@code OPTIONS} first, as Consul lists them. */
        List<String> allow() {
            List<String> allow = new ArrayList<>();
            allow.add("OPTIONS");
            methods.forEach(m -> allow.add(m.name()));
            return allow;
        }
    }

    private static final HttpMethod GET = HttpMethod.GET;
    private static final HttpMethod PUT = HttpMethod.PUT;
    private static final HttpMethod DELETE = HttpMethod.DELETE;

    private final Map<String, Route> exact = new HashMap<>();
    private final List<Route> prefixes = new ArrayList<>();

    private Routes() {}

    /** The routes this agent serves. */
    public static Routes consul(AgentEndpoint agent, AgentMembersEndpoint members, KvEndpoint kv,
            OperatorEndpoint operator, StatusEndpoint status, TxnEndpoint txn) {
        return new Routes()
                .add("/v1/agent/force-leave/", members::forceLeave, PUT)
                .add("/v1/agent/join/", members::join, PUT)
                .add("/v1/agent/leave", members::leave, PUT)
                .add("/v1/agent/members", members::members, GET)
                .add("/v1/agent/self", agent::self, GET)
                .add("/v1/agent/version", agent::version, GET)
                .add("/v1/kv/", kv::handle, GET, PUT, DELETE)
                .add("/v1/operator/autopilot/configuration", operator::autopilotConfiguration, GET, PUT)
                .add("/v1/operator/autopilot/health", operator::autopilotHealth, GET)
                .add("/v1/operator/autopilot/state", operator::autopilotState, GET)
                .add("/v1/operator/raft/configuration", operator::raftConfiguration, GET)
                .add("/v1/operator/raft/peer", operator::raftPeer, DELETE)
                .add("/v1/status/leader", status::leader, GET)
                .add("/v1/status/peers", status::peers, GET)
                .add("/v1/txn", txn::handle, PUT);
    }

    /** The routes of the agent's own services and checks (agent/service.mdx, agent/check.mdx). */
    Routes localAgent(AgentServiceEndpoint services, AgentCheckEndpoint checks) {
        return add("/v1/agent/check/deregister/", checks::deregister, PUT)
                .add("/v1/agent/check/fail/", checks::fail, PUT)
                .add("/v1/agent/check/pass/", checks::pass, PUT)
                .add("/v1/agent/check/register", checks::register, PUT)
                .add("/v1/agent/check/update/", checks::update, PUT)
                .add("/v1/agent/check/warn/", checks::warn, PUT)
                .add("/v1/agent/checks", checks::checks, GET)
                .add("/v1/agent/health/service/id/", services::healthById, GET)
                .add("/v1/agent/health/service/name/", services::healthByName, GET)
                .add("/v1/agent/maintenance", checks::nodeMaintenance, PUT)
                .add("/v1/agent/reload", checks::reload, PUT)
                .add("/v1/agent/service/", services::service, GET)
                .add("/v1/agent/service/deregister/", services::deregister, PUT)
                .add("/v1/agent/service/maintenance/", services::maintenance, PUT)
                .add("/v1/agent/service/register", services::register, PUT)
                .add("/v1/agent/services", services::services, GET);
    }

    /** The catalog and health routes (catalog.mdx, health.mdx). */
    Routes discovery(CatalogEndpoint catalog, HealthEndpoint health) {
        return add("/v1/catalog/datacenters", catalog::datacenters, GET)
                .add("/v1/catalog/deregister", catalog::deregister, PUT)
                .add("/v1/catalog/node/", catalog::node, GET)
                .add("/v1/catalog/node-services/", catalog::nodeServices, GET)
                .add("/v1/catalog/nodes", catalog::nodes, GET)
                .add("/v1/catalog/register", catalog::register, PUT)
                .add("/v1/catalog/service/", catalog::service, GET)
                .add("/v1/catalog/services", catalog::services, GET)
                .add("/v1/health/checks/", health::checks, GET)
                .add("/v1/health/node/", health::node, GET)
                .add("/v1/health/service/", health::service, GET)
                .add("/v1/health/state/", health::state, GET);
    }

    /** The network coordinate routes (coordinate.mdx). */
    Routes coordinates(CoordinateEndpoint coordinate) {
        return add("/v1/coordinate/datacenters", coordinate::datacenters, GET)
                .add("/v1/coordinate/node/", coordinate::node, GET)
                .add("/v1/coordinate/nodes", coordinate::nodes, GET)
                .add("/v1/coordinate/update", coordinate::update, PUT);
    }

    /** The session routes (session.mdx). */
    Routes sessions(SessionEndpoint session) {
        return add("/v1/session/create", session::create, PUT)
                .add("/v1/session/destroy/", session::destroy, PUT)
                .add("/v1/session/info/", session::info, GET)
                .add("/v1/session/list", session::list, GET)
                .add("/v1/session/node/", session::node, GET)
                .add("/v1/session/renew/", session::renew, PUT);
    }

    /** The user event routes (event.mdx). */
    /** The snapshot route (snapshot.mdx): GET and PUT are streamed by {@code SnapshotStreams} before routing. */
    Routes snapshot(SnapshotEndpoint snapshot) {
        return add("/v1/snapshot", snapshot::handle, GET, PUT);
    }

    Routes events(EventEndpoint events) {
        return add("/v1/event/fire/", events::fire, PUT)
                .add("/v1/event/list", events::list, GET);
    }

    Routes add(String pattern, Handler handler, HttpMethod... methods) {
        Route route = new Route(pattern, List.of(methods), handler);
        if (pattern.endsWith("/")) {
            prefixes.add(route);
            prefixes.sort(Comparator.comparingInt((Route r) -> r.pattern().length()).reversed());
        } else {
            exact.put(pattern, route);
        }
        return this;
    }

    /** The route for a decoded path, or {@code null}. */
    Route match(String path) {
        Route r = exact.get(path);
        if (r != null) {
            return r;
        }
        for (Route p : prefixes) {
            if (path.startsWith(p.pattern())) {
                return p;
            }
        }
        return null;
    }

    /**
     * Where Go's {@code ServeMux} redirects a subtree root named without its slash ({@code /v1/kv} →
     * {@code /v1/kv/}), or {@code null}.
     */
    String redirectFor(String path) {
        String withSlash = path + "/";
        for (Route p : prefixes) {
            if (p.pattern().equals(withSlash)) {
                return withSlash;
            }
        }
        return null;
    }
}
