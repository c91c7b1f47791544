package io.proconsul.http.endpoint;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvKeys;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.Store;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import io.proconsul.http.QueryParams;
import io.proconsul.http.ResponseHeaders;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/kv/<key>}, after Consul's {@code kvs_endpoint.go}: GET one key, a tree ({@code ?recurse}) or
 * key names ({@code ?keys}, {@code ?separator}); PUT a value ({@code ?flags}, {@code ?cas},
 * {@code ?acquire}, {@code ?release}); DELETE a key or a tree ({@code ?recurse}, {@code ?cas}).
 *
 * <p>Reads carry Consul's metadata headers, including on a 404; writes answer {@code true} or
 * {@code false}. Stateless; runs on the event loop and never blocks it.
 */
public final class KvEndpoint {

    public static final String MISSING_KEY = "Missing key name";
    private static final String PREFIX = "/v1/kv/";

    private final Store store;
    private final QueryOptionsParser options;
    private final long maxValueSize;

    public KvEndpoint(Store store, QueryOptionsParser options, long maxValueSize) {
        this.store = store;
        this.options = options;
        this.maxValueSize = maxValueSize;
    }

    public CompletableFuture<ApiResponse> handle(ApiRequest req) {
        QueryOptions opts = options.parse(req);
        String key = req.path().substring(PREFIX.length());
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.GET)) {
            return req.query().has("keys") ? keys(req, key, opts) : get(req, key, opts);
        }
        if (m.equals(HttpMethod.PUT)) {
            return put(req, key, opts);
        }
        return delete(req, key, opts);
    }

    private CompletableFuture<ApiResponse> get(ApiRequest req, String key, QueryOptions opts) {
        if (req.query().has("recurse")) {
            rejectEnterpriseMeta(req);
            options.requireReachable(opts.datacenter());
            return req.onLoop(store.query(new KvList(key), opts)).thenApply(KvEndpoint::entries);
        }
        if (key.isEmpty()) {
            throw new ApiException.BadRequest(MISSING_KEY);
        }
        rejectEnterpriseMeta(req);
        options.requireReachable(opts.datacenter());
        boolean raw = req.query().has("raw");
        return req.onLoop(store.query(new KvGet(key), opts)).thenApply(r -> entry(r, raw));
    }

    private static ApiResponse entries(QueryResult<List<KvEntry>> r) {
        ApiResponse resp = r.value().isEmpty() ? ApiResponse.empty(HttpResponseStatus.NOT_FOUND) : ApiResponse.json(r.value());
        return ResponseHeaders.meta(resp, r);
    }

    private static ApiResponse entry(QueryResult<Optional<KvEntry>> r, boolean raw) {
        if (r.value().isEmpty()) {
            return ResponseHeaders.meta(ApiResponse.empty(HttpResponseStatus.NOT_FOUND), r);
        }
        KvEntry e = r.value().get();
        if (!raw) {
            return ResponseHeaders.meta(ApiResponse.json(List.of(e)), r);
        }
        // Consul's defence against stored scripts: a fixed type the browser must not sniff past.
        return ResponseHeaders.meta(ApiResponse.raw(e.value(), "text/plain"), r)
                .header(ResponseHeaders.CONTENT_TYPE_OPTIONS, "nosniff")
                .header(ResponseHeaders.CONTENT_SECURITY_POLICY, "sandbox");
    }

    private CompletableFuture<ApiResponse> keys(ApiRequest req, String prefix, QueryOptions opts) {
        rejectEnterpriseMeta(req);
        QueryParams q = req.query();
        // Consul still honours its historic misspelling; the right spelling wins when both are given.
        String separator = q.has("separator") ? q.get("separator") : q.get("seperator");
        options.requireReachable(opts.datacenter());
        return req.onLoop(store.query(new KvKeys(prefix, separator), opts)).thenApply(r -> {
            // The root answers an empty list; any other prefix with no keys is a 404.
            ApiResponse resp = r.value().isEmpty() && !prefix.isEmpty()
                    ? ApiResponse.empty(HttpResponseStatus.NOT_FOUND)
                    : ApiResponse.json(r.value());
            return ResponseHeaders.meta(resp, r);
        });
    }

    private CompletableFuture<ApiResponse> put(ApiRequest req, String key, QueryOptions opts) {
        rejectEnterpriseMeta(req);
        if (key.isEmpty()) {
            throw new ApiException.BadRequest(MISSING_KEY);
        }
        QueryParams q = req.query();
        rejectConflicting(q, "cas", "acquire", "release");
        long flags = q.has("flags") ? parseUint(q.get("flags")) : 0;
        KvVerb verb = KvVerb.SET;
        long index = 0;
        String session = "";
        if (q.has("cas")) {
            index = parseUint(q.get("cas"));
            verb = KvVerb.CAS;
        }
        if (q.has("acquire")) {
            session = q.get("acquire");
            verb = KvVerb.LOCK;
        }
        if (q.has("release")) {
            session = q.get("release");
            verb = KvVerb.UNLOCK;
        }
        long length = Math.max(req.contentLength(), req.bodyLength());
        if (length > maxValueSize) {
            throw new ApiException.TooLarge(
                    "Request body(" + length + " bytes) too large, max size: " + maxValueSize + " bytes. See "
                            + "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
        }
        // Go reads an empty body into a nil slice, which the API shows as "Value": null.
        byte[] value = req.bodyLength() == 0 ? null : req.bodyBytes();
        options.requireReachable(opts.datacenter());
        KvVerb applied = verb;
        KvOp op = new KvOp(verb, key, value, flags, index, session);
        return req.onLoop(store.apply(new KvApply(op)))
                .thenApply(ok -> ApiResponse.json(applied == KvVerb.SET ? Boolean.TRUE : ok));
    }

    private CompletableFuture<ApiResponse> delete(ApiRequest req, String key, QueryOptions opts) {
        rejectEnterpriseMeta(req);
        QueryParams q = req.query();
        rejectConflicting(q, "recurse", "cas");
        KvOp op;
        if (q.has("recurse")) {
            op = KvOp.deleteTree(key);
        } else if (key.isEmpty()) {
            throw new ApiException.BadRequest(MISSING_KEY);
        } else {
            op = KvOp.delete(key);
        }
        if (q.has("cas")) {
            op = KvOp.deleteCas(key, parseUint(q.get("cas")));
        }
        options.requireReachable(opts.datacenter());
        boolean cas = op.verb() == KvVerb.DELETE_CAS;
        return req.onLoop(store.apply(new KvApply(op)))
                .thenApply(ok -> ApiResponse.json(cas ? ok : Boolean.TRUE));
    }

    /**
     * Consul CE's {@code parseEntMeta}: namespaces and partitions are Enterprise features, and naming one
     * is a 400 rather than being silently ignored.
     */
    static void rejectEnterpriseMeta(ApiRequest req) {
        String header = req.headers().get("X-Consul-Namespace");
        if (header != null && !header.isEmpty()) {
            throw new ApiException.BadRequest(
                    "Invalid header: \"X-Consul-Namespace\" - Namespaces are a Consul Enterprise feature");
        }
        if (!req.query().get("ns").isEmpty()) {
            throw new ApiException.BadRequest(
                    "Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature");
        }
        if (!req.query().get("partition").isEmpty()) {
            throw new ApiException.BadRequest(
                    "Invalid query parameter: \"partition\" - Partitions are a Consul Enterprise feature");
        }
    }

    /** Consul's {@code conflictingFlags}: at most one of the flags, else 400 echoing the query. */
    private static void rejectConflicting(QueryParams q, String... flags) {
        boolean found = false;
        for (String f : flags) {
            if (q.has(f)) {
                if (found) {
                    throw new ApiException.BadRequest("Conflicting flags: " + q.encode() + "\n");
                }
                found = true;
            }
        }
    }

    /** Go's {@code strconv.ParseUint(s, 10, 64)}; Consul returns its error unwrapped, hence a 500. */
    static long parseUint(String s) {
        boolean digits = !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) {
            throw new ApiException.ServerError("strconv.ParseUint: parsing " + quote(s) + ": invalid syntax");
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new ApiException.ServerError("strconv.ParseUint: parsing " + quote(s) + ": value out of range");
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
