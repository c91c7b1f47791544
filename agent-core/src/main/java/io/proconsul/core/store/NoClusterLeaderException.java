package io.proconsul.core.store;

/**
 * No leader is known, or none answered in time: Consul's {@code structs.ErrNoLeader}, which the HTTP API
 * reports as 500 with the body {@code No cluster leader}.
 */
public final class NoClusterLeaderException extends RuntimeException {

    public static final String MESSAGE = "No cluster leader";

    public NoClusterLeaderException() {
        super(MESSAGE, null, false, false);
    }
}
