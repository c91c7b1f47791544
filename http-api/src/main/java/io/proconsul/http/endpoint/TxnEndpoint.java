package io.proconsul.http.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnError;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.Store;
import io.proconsul.core.store.Txn;
import io.proconsul.core.store.TxnOp;
import io.proconsul.core.store.TxnRead;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.JsonCodec;
import io.proconsul.http.QueryOptionsParser;
import io.proconsul.http.ResponseHeaders;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code PUT /v1/txn}, after Consul's {@code txn_endpoint.go}: up to {@link Txn#MAX_OPS} KV operations
 * applied all or nothing. A transaction without writes is a read ({@link TxnRead}) that honours
 * {@code ?stale}/{@code ?consistent} and reports {@code X-Consul-Knownleader} and
 * {@code X-Consul-Lastcontact}; any write sends it through Raft ({@link Txn}). 200 with the results when
 * it committed, 409 with the errors when it rolled back; 413 and 400 with Consul's texts for bodies that
 * are too large or undecodable.
 */
public final class TxnEndpoint {

    private final Store store;
    private final QueryOptionsParser options;
    private final JsonCodec json;
    private final long kvMaxValueSize;
    private final long maxTxnLen;

    public TxnEndpoint(Store store, QueryOptionsParser options, JsonCodec json, AgentConfig.Limits limits) {
        this.store = store;
        this.options = options;
        this.json = json;
        this.kvMaxValueSize = limits.kvMaxValueSize();
        // Consul lets a larger kv_max_value_size raise the transaction limit too, for compatibility.
        this.maxTxnLen = Math.max(limits.txnMaxReqLen(), limits.kvMaxValueSize());
    }

    /** Consul's KV result entry: {@code {"KV": {...}}}. */
    @JsonPropertyOrder({"KV"})
    record KvResult(@JsonProperty("KV") KvEntry kv) {}

    /** Consul's {@code TxnResponse}. */
    @JsonPropertyOrder({"Results", "Errors"})
    record TxnBody(@JsonProperty("Results") List<KvResult> results, @JsonProperty("Errors") List<TxnError> errors) {}

    /** Consul's {@code TxnReadResponse}: the response plus the embedded {@code QueryMeta} fields. */
    @JsonPropertyOrder({"Results", "Errors", "Index", "LastContact", "KnownLeader", "ConsistencyLevel",
            "NotModified", "Backend"})
    record TxnReadBody(
            @JsonProperty("Results") List<KvResult> results,
            @JsonProperty("Errors") List<TxnError> errors,
            @JsonProperty("Index") long index,
            @JsonProperty("LastContact") long lastContactNanos,
            @JsonProperty("KnownLeader") boolean knownLeader,
            @JsonProperty("ConsistencyLevel") String consistencyLevel,
            @JsonProperty("NotModified") boolean notModified,
            @JsonProperty("Backend") int backend) {}

    public CompletableFuture<ApiResponse> handle(ApiRequest req) {
        TxnCodec.Decoded decoded = decode(req);
        if (!decoded.errors().isEmpty()) {
            // An unknown verb can only fail; Consul's state store would roll the transaction back.
            return CompletableFuture.completedFuture(
                    ApiResponse.json(HttpResponseStatus.CONFLICT, new TxnBody(null, decoded.errors())));
        }
        List<TxnOp> ops = decoded.ops();
        if (decoded.writes() == 0) {
            QueryOptions opts = options.parse(req);
            options.requireReachable(opts.datacenter());
            return req.onLoop(store.query(new TxnRead(ops), opts)).thenApply(TxnEndpoint::readAnswer);
        }
        options.requireReachable(options.datacenter(req));
        return req.onLoop(store.apply(new Txn(ops))).thenApply(r -> answer(r, new TxnBody(
                r.committed() ? wrap(r.results()) : null, r.committed() ? null : r.errors())));
    }

    private TxnCodec.Decoded decode(ApiRequest req) {
        if (req.contentLength() > maxTxnLen) {
            throw new ApiException.TooLarge("Request body(" + req.contentLength() + " bytes) too large, max size: "
                    + maxTxnLen + " bytes. See https://www.consul.io/docs/agent/config/config-files#txn_max_req_len.");
        }
        if (req.bodyLength() > maxTxnLen) {
            throw new ApiException.TooLarge("Request body too large, max size: " + maxTxnLen
                    + " bytes. See https://www.consul.io/docs/agent/config/config-files#txn_max_req_len.");
        }
        if (req.bodyLength() == 0) {
            throw new ApiException.BadRequest("Failed to parse body: EOF");
        }
        TxnCodec.Decoded decoded = TxnCodec.decode(json, req.bodyStream());
        int count = decoded.ops().size() + decoded.errors().size();
        if (count > Txn.MAX_OPS) {
            throw new ApiException.TooLarge(
                    "Transaction contains too many operations (" + count + " > " + Txn.MAX_OPS + ")");
        }
        for (TxnOp op : decoded.ops()) {
            int size = TxnCodec.valueSize(op);
            if (size > kvMaxValueSize) {
                String key = ((io.proconsul.core.store.KvOp) op).key();
                throw new ApiException.TooLarge("Value for key " + TxnCodec.quote(key) + " is too large ("
                        + size + " > " + kvMaxValueSize + " bytes)");
            }
        }
        return decoded;
    }

    private static ApiResponse readAnswer(QueryResult<TxnResult> q) {
        TxnResult r = q.value();
        TxnReadBody body = new TxnReadBody(
                r.committed() ? wrap(r.results()) : null, r.committed() ? null : r.errors(),
                0, q.lastContactMillis() * 1_000_000L, q.knownLeader(), "", false, 0);
        return ResponseHeaders.leader(answer(r, body), q);
    }

    private static ApiResponse answer(TxnResult r, Object body) {
        return ApiResponse.json(r.committed() ? HttpResponseStatus.OK : HttpResponseStatus.CONFLICT, body);
    }

    private static List<KvResult> wrap(List<KvEntry> entries) {
        return entries.stream().map(KvResult::new).toList();
    }
}
