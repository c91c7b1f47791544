package io.proconsul.http.endpoint;

import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.Store;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/status/leader} and {@code /v1/status/peers}, after Consul's {@code status_endpoint.go}: the
 * leader's server RPC address as a JSON string ({@code ""} without a leader) and the voters' addresses as
 * a JSON array. Neither sends index headers. Answers at once from the store's local view.
 */
public final class StatusEndpoint {

    private final Store store;
    private final QueryOptionsParser options;

    public StatusEndpoint(Store store, QueryOptionsParser options) {
        this.store = store;
        this.options = options;
    }

    public CompletableFuture<ApiResponse> leader(ApiRequest req) {
        QueryOptions opts = options.parse(req);
        options.requireReachable(opts.datacenter());
        return CompletableFuture.completedFuture(ApiResponse.json(store.leader().orElse("")));
    }

    public CompletableFuture<ApiResponse> peers(ApiRequest req) {
        QueryOptions opts = options.parse(req);
        options.requireReachable(opts.datacenter());
        List<String> peers = store.peers();
        // Consul appends to a nil slice, so an empty configuration is written as null.
        return CompletableFuture.completedFuture(ApiResponse.json(peers.isEmpty() ? null : peers));
    }
}
