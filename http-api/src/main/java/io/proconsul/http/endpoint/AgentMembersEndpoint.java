package io.proconsul.http.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.filter.Filter;
import io.proconsul.core.filter.FilterException;
import io.proconsul.core.filter.FilterSchema;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.Membership;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import io.proconsul.http.ApiResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossip half of {@code /v1/agent}, after Consul's {@code AgentMembers}, {@code AgentJoin},
 * {@code AgentLeave} and {@code AgentForceLeave}: list the LAN or WAN pool, join an address, leave
 * gracefully (then shut the agent down), and force a failed member out.
 *
 * <p>The pools are the agent's own; {@code wan} is null on a client agent, which answers as Consul's client
 * does ({@code null} members, "Must be a server ..." errors). {@code lan} may be null only where no gossip
 * runs at all (HTTP-only tests), and then the agent is its own single member. Threading: every handler runs
 * on the event loop and never blocks; the pools' futures complete on their own threads.
 */
public final class AgentMembersEndpoint {

    private static final Logger log = LoggerFactory.getLogger(AgentMembersEndpoint.class);

    /** The segment name that means "every segment" ({@code api.AllSegments}). */
    static final String ALL_SEGMENTS = "_all";
    static final String SEGMENT_WITH_WAN = "Cannot provide a segment with wan=true";
    /** Consul's {@code structs.ErrSegmentsNotSupported}: segments are an Enterprise feature. */
    static final String SEGMENTS_NOT_SUPPORTED = "Network segments are not supported in this version of Consul";
    static final String WAN_JOIN_NEEDS_SERVER = "Must be a server to join WAN cluster";
    static final String WAN_FORCE_LEAVE_NEEDS_SERVER = "Must be a server to force-leave a node from the WAN cluster";
    static final String NO_GOSSIP = "agent: gossip is not running on this agent";

    /** Writes members as the filter sees them: the same JSON the endpoint sends. */
    private static final ObjectMapper FILTER_JSON = new ObjectMapper();

    private final AgentConfig config;
    private final Membership lan;
    private final Membership wan;
    private final Runnable shutdownAgent;

    /**
     * @param shutdownAgent what {@code leave} runs, on a thread of its own, once it has answered; null leaves
     *     the agent running (tests)
     */
    public AgentMembersEndpoint(AgentConfig config, Membership lan, Membership wan, Runnable shutdownAgent) {
        this.config = config;
        this.lan = lan;
        this.wan = wan;
        this.shutdownAgent = shutdownAgent;
    }

    /**
     * {@code GET /v1/agent/members}: {@code ?wan} (any non-empty value), {@code ?segment} and {@code ?filter}
     * over the members' fields ({@code Name}, {@code Addr}, {@code Port}, {@code Tags}, {@code Status} as
     * serf's number, {@code ProtocolMin} ...). Consul hands a bad filter's error back unwrapped, so it is a
     * 500 with go-bexpr's text, not the 400 of the catalog endpoints.
     */
    public CompletableFuture<ApiResponse> members(ApiRequest req) {
        boolean useWan = !req.query().get("wan").isEmpty();
        String segment = req.query().get("segment");
        if (useWan) {
            if (!segment.isEmpty() && !segment.equals(ALL_SEGMENTS)) {
                throw new ApiException.BadRequest(SEGMENT_WITH_WAN);
            }
            Filter filter = filter(req);
            // A client has no WAN pool; Consul answers with its nil slice.
            return done(ApiResponse.json(wan == null ? null : filter.apply(json(wan.members()), FILTER_JSON)));
        }
        if (!segment.isEmpty() && !segment.equals(ALL_SEGMENTS)) {
            // Servers refuse any segment; clients know only their own, which is the default "" one.
            throw new ApiException.ServerError(config.server() ? SEGMENTS_NOT_SUPPORTED
                    : "segment " + goQuote(segment) + " not found");
        }
        Filter filter = filter(req);
        return done(ApiResponse.json(filter.apply(lanMembers(), FILTER_JSON)));
    }

    private static Filter filter(ApiRequest req) {
        try {
            return Filter.compile(req.query().get("filter"), FilterSchema.of(AgentSelf.Member.class));
        } catch (FilterException e) {
            throw new ApiException.ServerError(e.getMessage());
        }
    }

    private List<AgentSelf.Member> lanMembers() {
        if (lan == null) {
            return List.of(AgentSelf.member(config));
        }
        return json(lan.members());
    }

    /** Members as Consul writes them: tags in key order, as Go writes any map. */
    private static List<AgentSelf.Member> json(List<Member> members) {
        return members.stream().map(AgentSelf.Member::of).toList();
    }

    /** {@code PUT /v1/agent/join/<address>}: an empty 200 once the address answered, Consul's error if not. */
    public CompletableFuture<ApiResponse> join(ApiRequest req) {
        String addr = req.path().substring("/v1/agent/join/".length());
        boolean useWan = !req.query().get("wan").isEmpty();
        Membership pool = useWan ? wan : lan;
        if (pool == null) {
            throw new ApiException.ServerError(useWan ? WAN_JOIN_NEEDS_SERVER : NO_GOSSIP);
        }
        String which = useWan ? "(WAN)" : "(LAN)";
        log.info("{} joining: addresses=[{}]", which, addr);
        return req.onLoop(pool.join(List.of(addr)).handle((n, e) -> {
            if (e != null) {
                log.warn("{} couldn't join: number_of_nodes=0 error={}", which, cause(e).getMessage());
                throw new ApiException.ServerError(cause(e).getMessage());
            }
            log.info("{} joined: number_of_nodes={}", which, n);
            return null;
        }));
    }

    /**
     * {@code PUT /v1/agent/leave}: leaves the WAN pool, then the LAN pool, as Consul's server does (a failure
     * to leave is logged, not returned), answers, and then shuts the agent down.
     */
    public CompletableFuture<ApiResponse> leave(ApiRequest req) {
        log.info("Requesting graceful leave");
        CompletableFuture<Void> wanLeft = leavePool(wan, "WAN");
        CompletableFuture<Void> left = wanLeft.thenCompose(v -> leavePool(lan, "LAN"));
        // Runs on the event loop just before the answer is written and flushed by the same task, so the
        // shutdown (which stops this loop gracefully) cannot overtake the answer.
        return req.onLoop(left).thenApply(v -> {
            if (shutdownAgent != null) {
                // Not on the event loop or a gossip thread: shutting down waits for both.
                Thread t = new Thread(shutdownAgent, "agent-shutdown-after-leave");
                t.setDaemon(false);
                t.start();
            }
            return null;
        });
    }

    private static CompletableFuture<Void> leavePool(Membership pool, String name) {
        if (pool == null) {
            return CompletableFuture.completedFuture(null);
        }
        return pool.leave().handle((v, e) -> {
            if (e != null) {
                log.error("failed to leave {} Serf cluster: error={}", name, cause(e).getMessage());
            }
            return null;
        });
    }

    /** {@code PUT /v1/agent/force-leave/<node>}: {@code ?prune} and {@code ?wan} count when present at all. */
    public CompletableFuture<ApiResponse> forceLeave(ApiRequest req) {
        String node = req.path().substring("/v1/agent/force-leave/".length());
        boolean prune = req.query().has("prune");
        boolean useWan = req.query().has("wan");
        Membership pool = useWan ? wan : lan;
        if (pool == null) {
            throw new ApiException.ServerError(useWan ? WAN_FORCE_LEAVE_NEEDS_SERVER : NO_GOSSIP);
        }
        log.info("{}Force leaving node: node={}", useWan ? "(WAN) " : "", node);
        return req.onLoop(pool.forceLeave(node, prune).handle((v, e) -> {
            if (e != null) {
                log.warn("{}Failed to remove node: node={} error={}", useWan ? "(WAN) " : "", node,
                        cause(e).getMessage());
                throw new ApiException.ServerError(cause(e).getMessage());
            }
            return null;
        }));
    }

    private static Throwable cause(Throwable e) {
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static CompletableFuture<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    /** Go's {@code %q} for a plain string. */
    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
