package io.proconsul.http.endpoint;

import io.proconsul.core.session.Session;
import io.proconsul.core.store.NodeSessions;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.SessionCreate;
import io.proconsul.core.store.SessionDestroy;
import io.proconsul.core.store.SessionInfo;
import io.proconsul.core.store.SessionList;
import io.proconsul.core.store.SessionRenew;
import io.proconsul.core.store.Store;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/session/*}, after Consul's {@code session_endpoint.go} (api-docs/session.mdx): create (answering
 * {@code {"ID": "<uuid>"}}, the body decoded by {@link SessionBodies}), destroy ({@code true}), renew (the
 * session as a one-element list, or 404 {@code Session id 'x' not found}), and the info, node and list reads
 * with Consul's blocking-query headers, answering {@code []} rather than {@code null} when nothing matches.
 *
 * <p>The session ID is a random UUID generated here, before the command is replicated, so that the FSM stays
 * deterministic (Consul's {@code Session.Apply} does the same on the server). A missing ID or node name is
 * Consul's 400 ({@code Missing session}, {@code Missing node name}); the store's refusals ("Missing node
 * registration", "Check 'x' is in critical state") are 500s with the store's text, as Consul passes its RPC
 * errors on. Stateless; runs on the event loop and never blocks it.
 */
public final class SessionEndpoint {

    static final String MISSING_SESSION = "Missing session";
    /** Consul's default {@code session_ttl_min}. */
    public static final Duration DEFAULT_TTL_MIN = Duration.ofSeconds(10);

    private final Store store;
    private final QueryOptionsParser options;
    private final String nodeName;
    private final Duration ttlMin;

    /**
     * @param nodeName this agent's node: the session's node when the body names none
     * @param ttlMin the shortest TTL accepted ({@code session_ttl_min})
     */
    public SessionEndpoint(Store store, QueryOptionsParser options, String nodeName, Duration ttlMin) {
        this.store = store;
        this.options = options;
        this.nodeName = nodeName;
        this.ttlMin = ttlMin;
    }

    public CompletableFuture<ApiResponse> create(ApiRequest req) {
        KvEndpoint.rejectEnterpriseMeta(req);
        options.requireReachable(options.datacenter(req));
        Session session = SessionBodies.create(req, nodeName, ttlMin);
        return req.onLoop(store.apply(new SessionCreate(session)))
                .thenApply(id -> ApiResponse.json(Map.of("ID", id)));
    }

    public CompletableFuture<ApiResponse> destroy(ApiRequest req) {
        KvEndpoint.rejectEnterpriseMeta(req);
        options.requireReachable(options.datacenter(req));
        String id = suffix(req, "/v1/session/destroy/", MISSING_SESSION);
        return req.onLoop(store.apply(new SessionDestroy(id))).thenApply(ok -> ApiResponse.json(Boolean.TRUE));
    }

    /** Consul parses the full query options here too, so a bad {@code ?wait} is still a 400. */
    public CompletableFuture<ApiResponse> renew(ApiRequest req) {
        read(req);
        String id = suffix(req, "/v1/session/renew/", MISSING_SESSION);
        return req.onLoop(store.apply(new SessionRenew(id))).thenApply(found -> {
            if (found == null || found.isEmpty()) {
                throw new ApiException.NotFound("Session id '" + id + "' not found");
            }
            return ApiResponse.json(found);
        });
    }

    public CompletableFuture<ApiResponse> info(ApiRequest req) {
        QueryOptions opts = read(req);
        String id = suffix(req, "/v1/session/info/", MISSING_SESSION);
        return list(req, new SessionInfo(id), opts);
    }

    public CompletableFuture<ApiResponse> node(ApiRequest req) {
        QueryOptions opts = read(req);
        String node = suffix(req, "/v1/session/node/", CatalogEndpoint.MISSING_NODE);
        return list(req, new NodeSessions(node), opts);
    }

    public CompletableFuture<ApiResponse> list(ApiRequest req) {
        return list(req, new SessionList(), read(req));
    }

    private CompletableFuture<ApiResponse> list(ApiRequest req, Query<List<Session>> query, QueryOptions opts) {
        return req.onLoop(store.query(query, opts))
                .thenApply(r -> CatalogEndpoint.answer(r, r.value() == null ? List.of() : r.value()));
    }

    private QueryOptions read(ApiRequest req) {
        QueryOptions opts = options.parse(req);
        KvEndpoint.rejectEnterpriseMeta(req);
        options.requireReachable(opts.datacenter());
        return opts;
    }

    private static String suffix(ApiRequest req, String prefix, String missing) {
        String rest = req.path().length() > prefix.length() ? req.path().substring(prefix.length()) : "";
        if (rest.isEmpty()) {
            throw new ApiException.BadRequest(missing);
        }
        return rest;
    }
}
