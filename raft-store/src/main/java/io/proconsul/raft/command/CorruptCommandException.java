package io.proconsul.raft.command;

/** A log entry that cannot be decoded. Fatal on the apply path: the server stops instead of diverging. */
public final class CorruptCommandException extends RuntimeException {

    public CorruptCommandException(String message) {
        super(message);
    }
}
