package io.proconsul.http.endpoint;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.Operator;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import io.proconsul.http.QueryOptionsParser;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/operator/raft/*} and {@code /v1/operator/autopilot/*}, after Consul's
 * {@code operator_endpoint.go}: the Raft configuration, removing a peer, autopilot's settings (read, and
 * write with {@code ?cas}), its health report (200 when healthy, 429 when not, same body) and its state.
 * None of them sends index headers, as in Consul. Reads honour {@code ?dc} and {@code ?stale}; the
 * operator's own failures (no leader, unknown peer) reach the client through {@code ErrorResponder} as 500s
 * with Consul's texts.
 *
 * <p>{@code operator} is null on an agent that cannot reach any server, which then answers as a Consul client
 * without servers does. Threading: handlers run on the event loop and never block.
 */
public final class OperatorEndpoint {

    static final String PEER_MISSING =
            "Must specify either ?id with the server's ID or ?address with IP:port of peer to remove";
    static final String PEER_BOTH = "Must specify only one of ?id or ?address";
    /** Consul's {@code structs.ErrNoServers}. */
    static final String NO_SERVERS = "No known Consul servers";

    private final Operator operator;
    private final QueryOptionsParser options;

    public OperatorEndpoint(Operator operator, QueryOptionsParser options) {
        this.operator = operator;
        this.options = options;
    }

    /** {@code GET /v1/operator/raft/configuration}. */
    public CompletableFuture<ApiResponse> raftConfiguration(ApiRequest req) {
        QueryOptions opts = read(req);
        return req.onLoop(operator().raftConfiguration(opts)
                .thenApply(c -> ApiResponse.json(OperatorJson.raft(c))));
    }

    /** {@code DELETE /v1/operator/raft/peer?id=|address=}: exactly one of the two, present even if empty. */
    public CompletableFuture<ApiResponse> raftPeer(ApiRequest req) {
        options.requireReachable(options.datacenter(req));
        boolean hasId = req.query().has("id");
        boolean hasAddress = req.query().has("address");
        if (!hasId && !hasAddress) {
            throw new ApiException.BadRequest(PEER_MISSING);
        }
        if (hasId && hasAddress) {
            throw new ApiException.BadRequest(PEER_BOTH);
        }
        String id = hasId ? req.query().get("id") : "";
        String address = hasAddress ? req.query().get("address") : "";
        return req.onLoop(operator().removeRaftPeer(id, address).thenApply(v -> null));
    }

    /** {@code GET|PUT /v1/operator/autopilot/configuration}. */
    public CompletableFuture<ApiResponse> autopilotConfiguration(ApiRequest req) {
        if (HttpMethod.PUT.equals(req.method())) {
            return setAutopilotConfiguration(req);
        }
        QueryOptions opts = read(req);
        return req.onLoop(operator().autopilotConfiguration(opts)
                .thenApply(c -> ApiResponse.json(OperatorJson.autopilot(c))));
    }

    /**
     * The PUT: without {@code ?cas} Consul answers {@code true} whatever the store said; with it, whether the
     * check-and-set took.
     */
    private CompletableFuture<ApiResponse> setAutopilotConfiguration(ApiRequest req) {
        options.requireReachable(options.datacenter(req));
        AutopilotConfig config;
        try {
            config = AutopilotConfigDecoder.decode(req.bodyStream());
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("Error parsing autopilot config: " + e.getMessage());
        }
        long cas = -1;
        if (req.query().has("cas")) {
            String raw = req.query().get("cas");
            try {
                cas = Long.parseUnsignedLong(raw);
            } catch (NumberFormatException e) {
                throw new ApiException.BadRequest("Error parsing cas value: strconv.ParseUint: parsing \""
                        + raw + "\": " + (raw.chars().allMatch(Character::isDigit) && !raw.isEmpty()
                                ? "value out of range" : "invalid syntax"));
            }
        }
        boolean isCas = req.query().has("cas");
        return req.onLoop(operator().setAutopilotConfiguration(config, cas)
                .thenApply(stored -> ApiResponse.json(!isCas || stored)));
    }

    /** {@code GET /v1/operator/autopilot/health}: 429 with the same body when any server is unhealthy. */
    public CompletableFuture<ApiResponse> autopilotHealth(ApiRequest req) {
        QueryOptions opts = read(req);
        return req.onLoop(operator().autopilotHealth(opts).thenApply(h -> ApiResponse.json(
                h.healthy() ? HttpResponseStatus.OK : HttpResponseStatus.TOO_MANY_REQUESTS, OperatorJson.health(h))));
    }

    /** {@code GET /v1/operator/autopilot/state}: derived from the health report. */
    public CompletableFuture<ApiResponse> autopilotState(ApiRequest req) {
        QueryOptions opts = read(req);
        return req.onLoop(operator().autopilotHealth(opts)
                .thenApply(h -> ApiResponse.json(OperatorJson.state(h))));
    }

    private QueryOptions read(ApiRequest req) {
        QueryOptions opts = options.parse(req);
        options.requireReachable(opts.datacenter());
        return opts;
    }

    private Operator operator() {
        if (operator == null) {
            throw new ApiException.ServerError(NO_SERVERS);
        }
        return operator;
    }
}
