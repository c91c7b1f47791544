package io.proconsul.http.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.GoDuration;
import io.proconsul.core.session.ServiceCheck;
import io.proconsul.core.session.Session;
import io.proconsul.core.session.SessionBehavior;
import io.proconsul.http.ApiException;
import io.proconsul.http.ApiRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The body of {@code PUT /v1/session/create} (Consul's {@code structs.Session} as the HTTP handler and
 * {@code Session.Apply} read it), with Consul's defaults and checks in Consul's order:
 *
 * <ul>
 *   <li>No body (or {@code Content-Length: 0}): this agent's node, {@code NodeChecks = [serfHealth]}, 15 s
 *       lock delay, {@code release}, no TTL.
 *   <li>{@code LockDelay} as a Go duration string or a number of nanoseconds; either below 1000 (ns) is read
 *       as seconds, Consul's {@code lockDelayMinThreshold} quirk ({@code 15} is 15 s, {@code "500ns"} 500 s).
 *   <li>Checks: Consul's {@code fixupEmptySessionChecks}. The deprecated {@code Checks} list defaults to
 *       {@code [serfHealth]} like {@code NodeChecks}; an explicitly empty {@code Checks} empties
 *       {@code NodeChecks}; the default {@code Checks} is dropped; an explicitly empty {@code NodeChecks}
 *       drops {@code Checks}. Whatever is left of {@code Checks} is merged into {@code NodeChecks}, since the
 *       stored record has no {@code Checks} field (Consul's {@code CheckIDs()} treats them alike).
 *   <li>{@code Behavior}: {@code release}, {@code delete} or empty (release), else the RPC's
 *       {@code Invalid Behavior setting 'x'} (a 500).
 *   <li>{@code TTL}: a Go duration; unparsable is {@code Session TTL 'x' invalid: <Go error>}, non-zero
 *       outside {@code [session_ttl_min, 24h]} is {@code Invalid Session TTL '<ns>', must be between
 *       [10s=24h0m0s]}, both 500s as Consul passes the RPC error on.
 * </ul>
 * Field names match case-insensitively, as Go's decoder matches them; malformed JSON is a 400
 * {@code Request decode failed: ...}.
 */
final class SessionBodies {

    /** Consul's {@code structs.SessionTTLMax}. */
    static final Duration TTL_MAX = Duration.ofHours(24);
    /** Numbers (and durations) below this many nanoseconds are taken as seconds. */
    static final long LOCK_DELAY_MIN_THRESHOLD = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionBodies() {}

    /** The session to create, with a fresh random ID; throws {@link ApiException} with Consul's texts. */
    static Session create(ApiRequest req, String agentNode, Duration ttlMin) {
        JsonNode body = req.contentLength() > 0 || req.bodyLength() > 0 ? read(req) : null;
        String node = body == null ? agentNode : text(body, "Node", agentNode);
        String name = body == null ? "" : text(body, "Name", "");
        long lockDelay = body == null ? Session.DEFAULT_LOCK_DELAY_NANOS : lockDelay(body);
        String behavior = body == null ? "" : text(body, "Behavior", "");
        String ttl = body == null ? "" : text(body, "TTL", "");
        List<String> nodeChecks = checks(body);
        List<ServiceCheck> serviceChecks = body == null ? List.of() : serviceChecks(body);
        if (node.isEmpty()) {
            throw new ApiException.ServerError("Must provide Node");
        }
        if (!behavior.isEmpty() && SessionBehavior.fromWireName(behavior).isEmpty()) {
            throw new ApiException.ServerError("Invalid Behavior setting '" + behavior + "'");
        }
        validateTtl(ttl, ttlMin);
        return new Session(UUID.randomUUID().toString(), name, node, lockDelay, behavior, ttl, nodeChecks,
                serviceChecks, 0, 0);
    }

    static void validateTtl(String ttl, Duration ttlMin) {
        if (ttl.isEmpty()) {
            return;
        }
        Duration d;
        try {
            d = GoDuration.parse(ttl);
        } catch (IllegalArgumentException e) {
            throw new ApiException.ServerError("Session TTL '" + ttl + "' invalid: " + e.getMessage());
        }
        if (!d.isZero() && (d.compareTo(ttlMin) < 0 || d.compareTo(TTL_MAX) > 0)) {
            throw new ApiException.ServerError("Invalid Session TTL '" + d.toNanos() + "', must be between ["
                    + GoDuration.format(ttlMin) + "=" + GoDuration.format(TTL_MAX) + "]");
        }
    }

    private static long lockDelay(JsonNode body) {
        JsonNode v = CatalogBodies.field(body, "LockDelay");
        long nanos;
        if (v.isMissingNode() || v.isNull()) {
            return Session.DEFAULT_LOCK_DELAY_NANOS;
        } else if (v.isTextual()) {
            try {
                nanos = GoDuration.parse(v.asText()).toNanos();
            } catch (IllegalArgumentException e) {
                throw new ApiException.BadRequest("Request decode failed: " + e.getMessage());
            }
        } else if (v.isNumber()) {
            nanos = (long) v.asDouble();
        } else {
            // Consul's decoder ignores any other JSON type and leaves the duration at zero.
            nanos = 0;
        }
        return nanos < LOCK_DELAY_MIN_THRESHOLD ? nanos * 1_000_000_000L : nanos;
    }

    /** {@code NodeChecks} after Consul's defaulting and its fix-up of the deprecated {@code Checks}. */
    private static List<String> checks(JsonNode body) {
        List<String> defaults = List.of(Session.SERF_HEALTH);
        List<String> nodeChecks = body == null ? defaults : strings(body, "NodeChecks", defaults);
        List<String> checks = body == null ? defaults : strings(body, "Checks", defaults);
        if (checks.isEmpty()) {
            nodeChecks = List.of();
        } else if (checks.equals(defaults)) {
            checks = List.of();
        } else if (nodeChecks.isEmpty()) {
            checks = List.of();
        }
        Set<String> merged = new LinkedHashSet<>(nodeChecks);
        merged.addAll(checks);
        return List.copyOf(merged);
    }

    private static List<ServiceCheck> serviceChecks(JsonNode body) {
        JsonNode v = CatalogBodies.field(body, "ServiceChecks");
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw decodeError(v, "ServiceChecks", "[]structs.ServiceCheck");
        }
        List<ServiceCheck> out = new ArrayList<>();
        for (JsonNode c : v) {
            if (!c.isObject()) {
                throw decodeError(c, "ServiceChecks", "structs.ServiceCheck");
            }
            out.add(new ServiceCheck(text(c, "ID", ""), text(c, "Namespace", "")));
        }
        return out;
    }

    /** A string list: missing keeps {@code dflt}, JSON {@code null} is an empty list as Go decodes it. */
    private static List<String> strings(JsonNode body, String name, List<String> dflt) {
        JsonNode v = CatalogBodies.field(body, name);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw decodeError(v, name, "[]string");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw decodeError(e, name, "string");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static String text(JsonNode obj, String name, String dflt) {
        JsonNode v = CatalogBodies.field(obj, name);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw decodeError(v, name, "string");
        }
        return v.asText();
    }

    private static ApiException decodeError(JsonNode v, String field, String goType) {
        String json = v.isTextual() ? "string" : v.isBoolean() ? "bool" : v.isArray() ? "array"
                : v.isObject() ? "object" : "number";
        return new ApiException.BadRequest("Request decode failed: json: cannot unmarshal " + json
                + " into Go struct field Session." + field + " of type " + goType);
    }

    private static JsonNode read(ApiRequest req) {
        try {
            JsonNode root = JSON.readTree(req.bodyStream());
            if (root == null || root.isMissingNode()) {
                throw new ApiException.BadRequest("Request decode failed: EOF");
            }
            if (root.isNull()) {
                // Go decodes a JSON null into a struct as a no-op: the defaults stand.
                return JSON.createObjectNode();
            }
            if (!root.isObject()) {
                throw new ApiException.BadRequest("Request decode failed: json: cannot unmarshal "
                        + (root.isArray() ? "array" : root.isTextual() ? "string" : "number")
                        + " into Go value of type structs.Session");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ApiException.BadRequest("Request decode failed: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException.BadRequest("Request decode failed: " + e.getMessage());
        }
    }
}
