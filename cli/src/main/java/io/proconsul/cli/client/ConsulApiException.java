package io.proconsul.cli.client;

/**
 * A failed call to the agent, worded as Consul's Go client words it so that commands can print Consul's
 * texts: {@code Unexpected response code: 403 (Permission denied)} for an HTTP error, the Go-style
 * {@code Get "http://...": dial tcp ...: connect: connection refused} when the agent cannot be reached, or a
 * configuration problem found before any request was sent.
 *
 * <p>{@link #statusCode()} is the HTTP status, or 0 when no response was received.
 */
public final class ConsulApiException extends Exception {

    private final int statusCode;
    private final String body;

    /** A failure without an HTTP response (bad configuration, unreachable agent). */
    public ConsulApiException(String message) {
        this(message, 0, "");
    }

    public ConsulApiException(String message, int statusCode, String body) {
        super(message);
        this.statusCode = statusCode;
        this.body = body;
    }

    /** Consul's {@code api.StatusError} text for a response with an unexpected status. */
    public static ConsulApiException unexpectedStatus(int statusCode, String body) {
        String trimmed = body.strip();
        return new ConsulApiException(
                "Unexpected response code: " + statusCode + " (" + trimmed + ")", statusCode, trimmed);
    }

    /** The HTTP status code, or 0 when the agent did not answer. */
    public int statusCode() {
        return statusCode;
    }

    /** The trimmed response body, or {@code ""}. */
    public String body() {
        return body;
    }

    /** Whether the agent could not be reached at all, so the user should check the address. */
    public boolean isConnectFailure() {
        return statusCode == 0 && getMessage().contains("dial tcp");
    }
}
