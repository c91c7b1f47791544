package io.proconsul.raft.state;

/**
 * A KV operation failed for a reason Consul reports as an error rather than {@code false}, such as a
 * lock without a valid session. The message is Consul's text and goes to the user unchanged. This is a
 * deterministic business outcome of applying an entry, not a fault of the state store.
 */
public final class KvOpException extends RuntimeException {

    public KvOpException(String message) {
        super(message, null, false, false);
    }
}
