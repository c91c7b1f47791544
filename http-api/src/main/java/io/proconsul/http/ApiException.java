package io.proconsul.http;

import java.util.List;

/**
 * A failure that reaches the client as Consul would answer it. The subtype decides the status code, and
 * only {@link ErrorResponder} turns one into a response, so the mapping lives in one place. Messages are
 * part of the wire contract: they are Consul's texts, sent as the {@code text/plain} body.
 *
 * <p>Thrown from the event loop while a request is parsed, or used to complete a future exceptionally.
 * Built without a stack trace: these are expected outcomes, not bugs.
 */
public abstract sealed class ApiException extends RuntimeException {

    ApiException(String message) {
        super(message, null, false, false);
    }

    /** 400: the request is malformed ({@code Missing key name}, {@code Invalid wait time}, ...). */
    public static final class BadRequest extends ApiException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** 403: an ACL denied the request ({@code Permission denied}, {@code ACL not found}). */
    public static final class Forbidden extends ApiException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** 404 with the given body (Consul sends an empty one for missing keys and unknown paths). */
    public static final class NotFound extends ApiException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** 405: the route exists but not for this method; {@link #allow()} goes into the {@code Allow} header. */
    public static final class MethodNotAllowed extends ApiException {
        private final List<String> allow;

        public MethodNotAllowed(String method, List<String> allow) {
            super("method " + method + " not allowed");
            this.allow = List.copyOf(allow);
        }

        public List<String> allow() {
            return allow;
        }
    }

    /** 413: a body, value or transaction over its limit. */
    public static final class TooLarge extends ApiException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /**
     * 500 with a message Consul also answers with a 500: an RPC error passed on verbatim
     * ({@code No path to datacenter}, {@code invalid session "x"}, {@code strconv.ParseUint: ...}).
     */
    public static final class ServerError extends ApiException {
        public ServerError(String message) {
            super(message);
        }
    }
}
