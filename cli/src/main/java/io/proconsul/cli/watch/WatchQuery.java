package io.proconsul.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one HTTP read behind a watch type, as Consul's {@code api/watch/funcs.go} makes it through the Go
 * client: the path and parameters, {@code ?index=} once there is one (never {@code ?index=0}, and no
 * {@code ?wait=}, so the agent's default wait applies), and how the answer becomes the watch's result.
 *
 * <ul>
 *   <li>{@code key}: the single entry re-encoded as Go's {@code api.KVPair}, or {@code null} when the key is
 *       missing (a 404 still carries the index to block on).
 *   <li>{@code keyprefix}: the entries as {@code api.KVPairs}, {@code null} when none exist.
 *   <li>{@code event}: the events newer than the last index seen, as Consul prunes them.
 *   <li>the others: the agent's JSON as sent; any status but 200 is an error.
 * </ul>
 *
 * @param path the API path, already joined with the key, service or state
 * @param params single-valued query parameters ({@code recurse}, {@code passing}, {@code stale},
 *     {@code filter}, {@code name})
 * @param tags the repeated {@code ?tag=} values
 */
public record WatchQuery(Shape shape, String path, Map<String, String> params, List<String> tags) {

    /** How the answer is read. */
    public enum Shape { KEY, KEY_PREFIX, EVENTS, PLAIN }

    /** One answer: the index to block on next and the result to hand on ({@code null} is Go's nil). */
    public record Result(long index, JsonNode value) {}

    public WatchQuery {
        params = Map.copyOf(params);
        tags = List.copyOf(tags);
    }

    /**
     * Runs the query once, blocking while the agent holds it.
     *
     * @param waitIndex the index to block on; 0 for an immediate answer
     * @throws ConsulApiException as the Go client fails: transport errors and unexpected statuses
     */
    public Result fetch(ConsulHttpClient client, long waitIndex) throws ConsulApiException {
        Map<String, String> all = new TreeMap<>(params);
        if (waitIndex != 0) {
            all.put("index", Long.toUnsignedString(waitIndex));
        }
        ConsulHttpClient.Response resp = tags.isEmpty() ? client.get(path, all)
                : client.get(path, all, Map.of("tag", tags));
        boolean kv = shape == Shape.KEY || shape == Shape.KEY_PREFIX;
        if (kv && resp.status() == 404) {
            return new Result(resp.index(), null);
        }
        if (resp.status() != 200) {
            throw ConsulApiException.unexpectedStatus(resp.status(), resp.text());
        }
        JsonNode body;
        try {
            body = client.json().readTree(resp.body());
        } catch (IOException e) {
            throw new ConsulApiException("Failed to decode the agent's answer to " + path + ": " + e.getMessage());
        }
        return new Result(resp.index(), switch (shape) {
            case KEY -> body != null && body.isArray() && !body.isEmpty() ? kvPair(body.get(0)) : null;
            case KEY_PREFIX -> kvPairs(body);
            case EVENTS -> waitIndex == 0 ? body : newEvents(body, waitIndex);
            case PLAIN -> body;
        });
    }

    /**
     * Consul's event watch hands on only the events after the one whose ID maps to the last index (the event
     * list's index is the last event's ID folded to 64 bits); with no such event, all of them.
     */
    static JsonNode newEvents(JsonNode events, long lastIndex) {
        if (events == null || !events.isArray()) {
            return events;
        }
        for (int i = 0; i < events.size(); i++) {
            if (idToIndex(events.get(i).path("ID").asText("")) == lastIndex) {
                ArrayNode rest = JsonNodeFactory.instance.arrayNode();
                for (int j = i + 1; j < events.size(); j++) {
                    rest.add(events.get(j));
                }
                return rest;
            }
        }
        return events;
    }

    /**
     * Consul's {@code Event.IDToIndex}: the UUID's first 64 bits XOR its last 64 bits, the index the agent
     * reports for an event list; 0 for anything not shaped like a UUID.
     */
    static long idToIndex(String uuid) {
        if (uuid.length() != 36) {
            return 0;
        }
        try {
            long lower = Long.parseUnsignedLong(uuid.substring(0, 8) + uuid.substring(9, 13)
                    + uuid.substring(14, 18), 16);
            long upper = Long.parseUnsignedLong(uuid.substring(19, 23) + uuid.substring(24, 36), 16);
            return lower ^ upper;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static JsonNode kvPairs(JsonNode body) {
        if (body == null || !body.isArray()) {
            return null;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        body.forEach(e -> out.add(kvPair(e)));
        return out;
    }

    /**
     * An entry as Go's {@code api.KVPair} encodes it: its field order, {@code Session} always present,
     * {@code Namespace} and {@code Partition} only when set.
     */
    static ObjectNode kvPair(JsonNode e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("Key", e.path("Key").isMissingNode() ? o.textNode("") : e.get("Key"));
        o.put("CreateIndex", e.path("CreateIndex").asLong(0));
        o.put("ModifyIndex", e.path("ModifyIndex").asLong(0));
        o.put("LockIndex", e.path("LockIndex").asLong(0));
        o.put("Flags", e.path("Flags").asLong(0));
        o.set("Value", e.path("Value").isTextual() ? e.get("Value") : o.nullNode());
        o.put("Session", e.path("Session").asText(""));
        for (String optional : List.of("Namespace", "Partition")) {
            if (!e.path(optional).asText("").isEmpty()) {
                o.put(optional, e.get(optional).asText());
            }
        }
        return o;
    }
}
