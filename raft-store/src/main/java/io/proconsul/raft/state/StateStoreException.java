package io.proconsul.raft.state;

/**
 * RocksDB failed underneath the state store. Never a business outcome: on the apply path it stops the
 * Raft server (the state could no longer follow the log), on a read it fails that read.
 */
public final class StateStoreException extends RuntimeException {

    public StateStoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
