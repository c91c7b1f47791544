package io.proconsul.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.proconsul.core.store.NoClusterLeaderException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes a response, following Consul's {@code handleErr}: the status from
 * the {@link ApiException} subtype and its message as a short {@code text/plain} body; no leader is 500
 * {@code No cluster leader}; a store's rejection ({@link IllegalArgumentException} or
 * {@link IllegalStateException}) is a 500 with the store's message, as Consul passes RPC errors on; anything else is logged here with its stack trace and
 * answered with a 500 and a fixed short text, never the trace.
 */
final class ErrorResponder {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponder.class);

    /** Consul's own fallback text for an error without a message. */
    static final String UNEXPECTED = "An unexpected error occurred";

    private ErrorResponder() {}

    static ApiResponse respond(Throwable failure, String method, String path) {
        Throwable t = unwrap(failure);
        if (t instanceof ApiException e) {
            return forApi(e);
        }
        if (t instanceof NoClusterLeaderException) {
            log.debug("Request error: method={} url={} error={}", method, redact(path), t.getMessage());
            return ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, NoClusterLeaderException.MESSAGE);
        }
        // The store reports Consul's business errors ("invalid session \"x\"") as these; Consul sends them on.
        if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException) && t.getMessage() != null) {
            log.debug("Request error: method={} url={} error={}", method, redact(path), t.getMessage());
            return ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, t.getMessage());
        }
        log.error("Request error: method={} url={} error={}", method, redact(path), t.toString(), t);
        return ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, UNEXPECTED);
    }

    static ApiResponse forApi(ApiException e) {
        if (e instanceof ApiException.BadRequest) {
            return ApiResponse.text(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        if (e instanceof ApiException.Forbidden) {
            return ApiResponse.text(HttpResponseStatus.FORBIDDEN, e.getMessage());
        }
        if (e instanceof ApiException.NotFound) {
            return ApiResponse.text(HttpResponseStatus.NOT_FOUND, e.getMessage());
        }
        if (e instanceof ApiException.MethodNotAllowed m) {
            return ApiResponse.text(HttpResponseStatus.METHOD_NOT_ALLOWED, m.getMessage())
                    .header(ResponseHeaders.ALLOW, String.join(",", m.allow()));
        }
        if (e instanceof ApiException.TooLarge) {
            return ApiResponse.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        }
        return ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
    }

    /** The URL for a log line with token values hidden, as Consul logs them. */
    static String redact(String uri) {
        return uri.replaceAll("([?&]token=)[^&]*", "$1<hidden>");
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
