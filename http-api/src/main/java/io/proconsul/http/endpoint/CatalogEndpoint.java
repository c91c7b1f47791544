package io.proconsul.http.endpoint;

import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.filter.FilterSchema;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.CatalogServices;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.core.store.Store;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import io.proconsul.http.ResponseHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/catalog/*}, after Consul's {@code catalog_endpoint.go}: register and deregister (answering
 * {@code true}), the datacenters, and the node and service listings with Consul's blocking-query headers and
 * its {@code ?tag}, {@code ?node-meta}, {@code ?filter} and {@code ?near} parameters (see
 * {@link CatalogParams}). Answers are Consul's shapes: {@code Node} elements, a name-to-tags map,
 * {@link CatalogJson.CatalogService} elements, {@code {"Node", "Services": {id: service}}} (or {@code null}
 * for an unknown node) and {@code {"Node", "Services": [...]}}.
 *
 * <p>{@code ?filter} is checked against the element type before the store is asked, as Consul does, and
 * applies to the nodes, the flat service entries (also behind {@code /v1/catalog/services}), and the
 * services inside a node's answer.
 * Stateless; runs on the event loop and never blocks it.
 */
public final class CatalogEndpoint {

    static final String MISSING_SERVICE = "Missing service name";
    static final String MISSING_NODE = "Missing node name";

    private final Store store;
    private final QueryOptionsParser options;
    private final String datacenter;
    private final NearSort near;

    /** @param nodeName this agent's node: the source of {@code ?near=_agent} */
    public CatalogEndpoint(Store store, QueryOptionsParser options, String datacenter, String nodeName) {
        this.store = store;
        this.options = options;
        this.datacenter = datacenter;
        this.near = new NearSort(store, nodeName);
    }

    public CompletableFuture<ApiResponse> register(ApiRequest req) {
        KvEndpoint.rejectEnterpriseMeta(req);
        options.requireReachable(options.datacenter(req));
        var command = CatalogBodies.register(req);
        return req.onLoop(store.apply(command)).thenApply(ok -> ApiResponse.json(Boolean.TRUE));
    }

    public CompletableFuture<ApiResponse> deregister(ApiRequest req) {
        KvEndpoint.rejectEnterpriseMeta(req);
        options.requireReachable(options.datacenter(req));
        var command = CatalogBodies.deregister(req);
        return req.onLoop(store.apply(command)).thenApply(ok -> ApiResponse.json(Boolean.TRUE));
    }

    /** This agent's datacenter only: other datacenters arrive with WAN federation. */
    public CompletableFuture<ApiResponse> datacenters(ApiRequest req) {
        return CompletableFuture.completedFuture(ApiResponse.json(List.of(datacenter)));
    }

    public CompletableFuture<ApiResponse> nodes(ApiRequest req) {
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(CatalogJson.NodeJson.class));
        QueryOptions opts = read(req);
        String source = near.source(req.query());
        return req.onLoop(store.query(new CatalogNodes(), opts)).thenCompose(r -> {
            List<CatalogJson.NodeJson> nodes = r.value().stream().filter(p::nodeMatches)
                    .map(n -> CatalogJson.NodeJson.of(n, datacenter)).toList();
            return req.onLoop(near.sort(source, p.filter().apply(nodes, CatalogParams.JSON),
                    CatalogJson.NodeJson::node, opts)).thenApply(sorted -> answer(r, sorted));
        });
    }

    /**
     * Every service with its tags. With {@code ?node-meta} or {@code ?filter} (which applies to the flat
     * {@link CatalogJson.CatalogService} instances, as in Consul 1.14+) only the instances that pass count:
     * each service's instances are read after the listing answers, and the answer still carries (and blocks
     * on) the services index.
     */
    public CompletableFuture<ApiResponse> services(ApiRequest req) {
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(CatalogJson.CatalogService.class));
        QueryOptions opts = read(req);
        CompletableFuture<QueryResult<Map<String, List<String>>>> all = store.query(new CatalogServices(), opts);
        if (p.nodeMeta().isEmpty() && req.query().get("filter").isEmpty()) {
            return req.onLoop(all).thenApply(r -> answer(r, new TreeMap<>(r.value())));
        }
        QueryOptions now = opts.blocking(0, opts.maxWait());
        return req.onLoop(all.thenCompose(r -> tagsOfPassing(r.value().keySet(), p, now).thenApply(t -> answer(r, t))));
    }

    private CompletableFuture<Map<String, List<String>>> tagsOfPassing(Iterable<String> names, CatalogParams p,
            QueryOptions now) {
        List<CompletableFuture<QueryResult<List<ServiceEntry>>>> reads = new ArrayList<>();
        names.forEach(name -> reads.add(store.query(new ServiceNodes(name), now)));
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, TreeSet<String>> tags = new TreeMap<>();
            for (var read : reads) {
                List<CatalogJson.CatalogService> flat = new ArrayList<>();
                for (ServiceEntry e : p.select(read.join().value(), false)) {
                    flat.add(CatalogJson.CatalogService.of(e, datacenter));
                }
                for (CatalogJson.CatalogService s : p.filter().apply(flat, CatalogParams.JSON)) {
                    tags.computeIfAbsent(s.serviceName(), k -> new TreeSet<>()).addAll(s.serviceTags());
                }
            }
            Map<String, List<String>> out = new TreeMap<>();
            tags.forEach((k, t) -> out.put(k, List.copyOf(t)));
            return out;
        });
    }

    public CompletableFuture<ApiResponse> service(ApiRequest req) {
        String name = req.path().substring("/v1/catalog/service/".length());
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(CatalogJson.CatalogService.class));
        QueryOptions opts = read(req);
        if (name.isEmpty()) {
            throw new ApiException.BadRequest(MISSING_SERVICE);
        }
        String source = near.source(req.query());
        return req.onLoop(store.query(new ServiceNodes(name), opts)).thenCompose(r -> {
            List<CatalogJson.CatalogService> flat = new ArrayList<>();
            for (ServiceEntry e : p.select(r.value(), false)) {
                flat.add(CatalogJson.CatalogService.of(e, datacenter));
            }
            return req.onLoop(near.sort(source, p.filter().apply(flat, CatalogParams.JSON),
                    CatalogJson.CatalogService::node, opts)).thenApply(sorted -> answer(r, sorted));
        });
    }

    /** {@code /v1/catalog/node/<name>}: an unknown node is 200 {@code null}, as Consul answers it. */
    public CompletableFuture<ApiResponse> node(ApiRequest req) {
        String name = req.path().substring("/v1/catalog/node/".length());
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(NodeService.class));
        QueryOptions opts = read(req);
        if (name.isEmpty()) {
            throw new ApiException.BadRequest(MISSING_NODE);
        }
        return req.onLoop(store.query(new NodeInfo(name), opts)).thenApply(r -> answer(r, r.value()
                .map(ns -> CatalogJson.NodeWithServices.of(CatalogJson.NodeJson.of(ns.node(), datacenter),
                        p.filter().apply(ns.services(), CatalogParams.JSON)))
                .orElse(null)));
    }

    /** {@code /v1/catalog/node-services/<name>}: an unknown node is {@code {"Node": null, "Services": []}}. */
    public CompletableFuture<ApiResponse> nodeServices(ApiRequest req) {
        String name = req.path().substring("/v1/catalog/node-services/".length());
        CatalogParams p = CatalogParams.parse(req.query(), FilterSchema.of(NodeService.class));
        QueryOptions opts = read(req);
        if (name.isEmpty()) {
            throw new ApiException.BadRequest(MISSING_NODE);
        }
        return req.onLoop(store.query(new NodeInfo(name), opts)).thenApply(r -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Node", r.value().map(ns -> CatalogJson.NodeJson.of(ns.node(), datacenter)).orElse(null));
            body.put("Services", r.value().map(ns -> p.filter().apply(ns.services(), CatalogParams.JSON))
                    .orElse(List.of()));
            return answer(r, body);
        });
    }

    private QueryOptions read(ApiRequest req) {
        KvEndpoint.rejectEnterpriseMeta(req);
        QueryOptions opts = options.parse(req);
        options.requireReachable(opts.datacenter());
        return opts;
    }

    static ApiResponse answer(QueryResult<?> r, Object body) {
        return ResponseHeaders.meta(ApiResponse.json(body), r);
    }
}
