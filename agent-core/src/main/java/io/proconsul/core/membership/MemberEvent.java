package io.proconsul.core.membership;

import io.proconsul.core.event.Event;

/**
 * A change in a gossip pool's membership, published on the bus by the pool: the leader reconciles the
 * catalog and the Raft configuration from these, and servers learn of each other through them.
 *
 * @param pool {@code "lan"} or {@code "wan"}
 */
public record MemberEvent(Type type, Member member, String pool) implements Event {

    /** Serf's event types. */
    public enum Type {
        JOIN,
        UPDATE,
        LEAVE,
        FAILED,
        REAP
    }
}
