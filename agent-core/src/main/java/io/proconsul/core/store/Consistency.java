package io.proconsul.core.store;

/** Consul's read consistency modes ({@code ?stale}, {@code ?consistent}, neither). */
public enum Consistency {
    /** Served by the leader from its own state while it believes it leads. */
    DEFAULT("leader"),
    /** A ReadIndex round with a quorum first: linearizable. */
    CONSISTENT("consistent"),
    /** Served by any server from its local replica, possibly behind. */
    STALE("stale");

    private final String headerValue;

    Consistency(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The value of Consul's {@code X-Consul-Effective-Consistency} header for this mode. */
    public String headerValue() {
        return headerValue;
    }
}
