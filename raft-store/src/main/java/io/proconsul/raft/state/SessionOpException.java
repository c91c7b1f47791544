package io.proconsul.raft.state;

/**
 * A session create the state store refuses, with Consul's text ("Missing node registration", "Missing
 * check 'x' registration", "Check 'x' is in critical state", ...): a business failure that rolls the
 * entry's transaction back. Writers see it as {@link IllegalArgumentException} with the same text.
 */
public final class SessionOpException extends RuntimeException {

    public SessionOpException(String message) {
        super(message, null, false, false);
    }
}
