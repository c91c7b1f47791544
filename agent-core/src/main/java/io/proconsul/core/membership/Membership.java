package io.proconsul.core.membership;

import io.proconsul.core.agent.Component;
import io.proconsul.core.catalog.Coordinate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One gossip pool (the LAN pool of a datacenter, or the WAN pool of all servers) as the rest of the agent
 * sees it. Implemented in {@code serf-gossip}; membership changes are also published on the bus as
 * {@link MemberEvent}s.
 *
 * <p>Threading: every method may be called from any thread and none blocks; futures complete on the
 * pool's own threads.
 */
public interface Membership extends Component {

    /** This agent as the pool advertises it. */
    Member local();

    /** Every member known, this agent included, in no particular order; left and failed ones until reaped. */
    List<Member> members();

    /**
     * Contacts each address ({@code host}, {@code host:port}; the pool's default port if none) and merges
     * state with it. Completes with how many were contacted successfully; exceptionally, with every
     * address's error in the message, if none was (Consul's "Failed to join ...").
     */
    CompletableFuture<Integer> join(List<String> addresses);

    /**
     * Leaves gracefully: broadcasts the intent and waits (bounded) for it to spread, so others mark this
     * member {@code left} rather than {@code failed}. The pool stops gossiping afterwards.
     */
    CompletableFuture<Void> leave();

    /**
     * Marks a failed member as left (Consul's {@code force-leave}); with {@code prune}, forgets it at once.
     * Completes exceptionally if no such member is known.
     */
    CompletableFuture<Void> forceLeave(String node, boolean prune);

    /** Replaces this agent's tags and gossips the update. */
    void setTags(Map<String, String> tags);

    /** The {@code serf_lan} / {@code serf_wan} section of {@code consul info}. */
    Map<String, String> stats();

    /**
     * This agent's network coordinate in this pool (what Consul's agent sends to the servers every
     * {@code sync_coordinate_interval_min}), or empty where the pool keeps none or has none valid yet.
     */
    default Optional<Coordinate> networkCoordinate() {
        return Optional.empty();
    }
}
