package io.proconsul.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code /v1/session} calls of Consul's Go {@code api.Session}: create (answering the new ID), destroy,
 * and renew, whose 404 means the session is gone (an empty answer, as the Go client returns a nil entry).
 *
 * <p>Thread-safe when the underlying client is.
 */
public final class SessionClient {

    private final ConsulHttpClient http;

    public SessionClient(ConsulHttpClient http) {
        this.http = http;
    }

    /**
     * Creates a session from {@code entry} (Consul's {@code SessionEntry} fields: {@code Name}, {@code TTL},
     * {@code Behavior}, {@code LockDelay}, {@code NodeChecks} ...) and answers its ID.
     */
    public String create(ObjectNode entry) throws ConsulApiException {
        byte[] body;
        try {
            body = http.json().writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new ConsulApiException("Failed to encode the session: " + e.getMessage());
        }
        JsonNode answer = json(http.put("/v1/session/create", Map.of(), body));
        return answer.path("ID").asText();
    }

    /** Destroys the session; destroying a session that is already gone succeeds. */
    public void destroy(String id) throws ConsulApiException {
        ConsulHttpClient.Response r = http.put("/v1/session/destroy/" + id, Map.of(), null);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
    }

    /** Restarts the session's TTL; the session as the server now has it, or empty when it no longer exists. */
    public Optional<JsonNode> renew(String id) throws ConsulApiException {
        ConsulHttpClient.Response r = http.put("/v1/session/renew/" + id, Map.of(), null);
        if (r.status() == 404) {
            return Optional.empty();
        }
        JsonNode list = json(r);
        return list.isArray() && !list.isEmpty() ? Optional.of(list.get(0)) : Optional.empty();
    }

    /** A new, empty session entry to fill in for {@link #create}. */
    public ObjectNode entry() {
        return http.json().createObjectNode();
    }

    private JsonNode json(ConsulHttpClient.Response r) throws ConsulApiException {
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
        try {
            return http.json().readTree(r.body());
        } catch (IOException e) {
            throw new ConsulApiException("Failed to decode the agent's answer: " + e.getMessage());
        }
    }
}
