package io.proconsul.http.endpoint;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.filter.FilterSchema;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.ChecksInState;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.ServiceChecks;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.core.store.Store;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/health/*}, after Consul's {@code health_endpoint.go}: the checks of a node, of a service's
 * instances, or in one state, and a service's instances with their node and checks. Blocking-query
 * headers as every read; {@code ?filter} on the check or entry elements; {@code ?node-meta} on the checks of
 * a service or a state and on a service's instances; {@code ?tag} and {@code ?passing} on a service's
 * instances; {@code ?near} on a service's instances and the checks of a service or a state (see
 * {@link NearSort}).
 *
 * <p>A state other than {@code passing}, {@code warning}, {@code critical} or {@code any} is not refused:
 * Consul's state store simply finds no check in it, so the answer is {@code []} with the checks index.
 * {@code ?node-meta} on check listings reads the nodes once more (without blocking) after the checks
 * answer, because a check does not carry its node's meta.
 * Stateless; runs on the event loop and never blocks it.
 */
public final class HealthEndpoint {

    static final String MISSING_STATE = "Missing check state";

    private final Store store;
    private final QueryOptionsParser options;
    private final String datacenter;
    private final NearSort near;

    /** @param nodeName this agent's node: the source of {@code ?near=_agent} */
    public HealthEndpoint(Store store, QueryOptionsParser options, String datacenter, String nodeName) {
        this.store = store;
        this.options = options;
        this.datacenter = datacenter;
        this.near = new NearSort(store, nodeName);
    }

    public CompletableFuture<ApiResponse> node(ApiRequest req) {
        String name = req.path().substring("/v1/health/node/".length());
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(HealthCheck.class));
        QueryOptions opts = read(req);
        if (name.isEmpty()) {
            throw new ApiException.BadRequest(CatalogEndpoint.MISSING_NODE);
        }
        return req.onLoop(store.query(new NodeChecks(name), opts))
                .thenApply(r -> CatalogEndpoint.answer(r, p.filter().apply(r.value(), CatalogParams.JSON)));
    }

    public CompletableFuture<ApiResponse> checks(ApiRequest req) {
        String name = req.path().substring("/v1/health/checks/".length());
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(HealthCheck.class));
        QueryOptions opts = read(req);
        if (name.isEmpty()) {
            throw new ApiException.BadRequest(CatalogEndpoint.MISSING_SERVICE);
        }
        return checksAnswer(req, new ServiceChecks(name), opts, p);
    }

    public CompletableFuture<ApiResponse> state(ApiRequest req) {
        String state = req.path().substring("/v1/health/state/".length());
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(HealthCheck.class));
        QueryOptions opts = read(req);
        if (state.isEmpty()) {
            throw new ApiException.BadRequest(MISSING_STATE);
        }
        if (!HealthStatus.isValid(state) && !HealthStatus.ANY.equals(state)) {
            // Consul looks the state up in its index and finds nothing; the index is still the checks table's.
            return req.onLoop(store.query(new ChecksInState(HealthStatus.ANY), opts))
                    .thenApply(r -> CatalogEndpoint.answer(r, List.of()));
        }
        return checksAnswer(req, new ChecksInState(state), opts, p);
    }

    public CompletableFuture<ApiResponse> service(ApiRequest req) {
        String name = req.path().substring("/v1/health/service/".length());
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(CatalogJson.EntryJson.class));
        QueryOptions opts = read(req);
        if (name.isEmpty()) {
            throw new ApiException.BadRequest(CatalogEndpoint.MISSING_SERVICE);
        }
        String source = near.source(req.query());
        return req.onLoop(store.query(new ServiceNodes(name), opts)).thenCompose(r -> {
            List<CatalogJson.EntryJson> entries = p.select(r.value(), true).stream()
                    .map(e -> CatalogJson.EntryJson.of(e, datacenter)).toList();
            return req.onLoop(near.sort(source, p.filter().apply(entries, CatalogParams.JSON),
                    e -> e.node().node(), opts)).thenApply(sorted -> CatalogEndpoint.answer(r, sorted));
        });
    }

    private CompletableFuture<ApiResponse> checksAnswer(ApiRequest req, Query<List<HealthCheck>> query,
            QueryOptions opts, CatalogParams p) {
        CompletableFuture<QueryResult<List<HealthCheck>>> checks = store.query(query, opts);
        String source = near.source(req.query());
        if (p.nodeMeta().isEmpty()) {
            return req.onLoop(checks).thenCompose(r -> sortChecks(req, r, p.filter().apply(r.value(),
                    CatalogParams.JSON), source, opts));
        }
        QueryOptions now = opts.blocking(0, opts.maxWait());
        return req.onLoop(checks.thenCompose(r -> store.query(new CatalogNodes(), now).thenApply(nodes -> {
            Set<String> matching = new HashSet<>();
            for (Node n : nodes.value()) {
                if (p.nodeMatches(n)) {
                    matching.add(n.node());
                }
            }
            List<HealthCheck> kept = r.value().stream().filter(c -> matching.contains(c.node())).toList();
            return p.filter().apply(kept, CatalogParams.JSON);
        }).thenCompose(kept -> sortChecks(req, r, kept, source, opts))));
    }

    private CompletableFuture<ApiResponse> sortChecks(ApiRequest req, QueryResult<List<HealthCheck>> r,
            List<HealthCheck> checks, String source, QueryOptions opts) {
        return req.onLoop(near.sort(source, checks, HealthCheck::node, opts))
                .thenApply(sorted -> CatalogEndpoint.answer(r, sorted));
    }

    private QueryOptions read(ApiRequest req) {
        KvEndpoint.rejectEnterpriseMeta(req);
        QueryOptions opts = options.parse(req);
        options.requireReachable(opts.datacenter());
        return opts;
    }
}
