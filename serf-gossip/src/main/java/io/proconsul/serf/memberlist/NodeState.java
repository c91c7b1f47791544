package io.proconsul.serf.memberlist;

/** What the failure detector believes of a node (memberlist's {@code NodeStateType}). */
public enum NodeState {
    ALIVE,
    SUSPECT,
    /** Declared dead by the failure detector: serf reports it as {@code failed}. */
    DEAD,
    /** Announced its own death: a graceful leave. */
    LEFT;

    boolean deadOrLeft() {
        return this == DEAD || this == LEFT;
    }
}
