package io.proconsul.raft.state;

/** A read reached a state store that was closed (shutdown, or replaced by a snapshot restore). */
public final class StateStoreClosedException extends IllegalStateException {

    public StateStoreClosedException() {
        super("state store is closed");
    }
}
