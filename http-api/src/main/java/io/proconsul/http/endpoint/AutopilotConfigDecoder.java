package io.proconsul.http.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.GoDuration;
import io.proconsul.core.operator.AutopilotConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes the body of {@code PUT /v1/operator/autopilot/configuration} as Consul does: fields missing from
 * the body keep {@code api.NewAutopilotConfiguration()}'s defaults (not the stored values), names match
 * case-insensitively as with Go's {@code encoding/json}, durations are Go duration strings (a bare number
 * of seconds too, as {@code ParseDurationSecond} allows) or numbers of nanoseconds, and the Enterprise-only
 * fields and the read-only indexes are accepted and ignored. Failures carry the reason that follows
 * Consul's "Error parsing autopilot config: ".
 */
final class AutopilotConfigDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AutopilotConfigDecoder() {}

    static AutopilotConfig decode(InputStream body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            // Go's decoder reports an empty body as a bare EOF.
            throw new IllegalArgumentException("EOF");
        }
        if (root.isNull()) {
            return AutopilotConfig.DEFAULTS;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(
                    "json: cannot unmarshal " + goKind(root) + " into Go value of type api.AutopilotConfiguration");
        }
        return fields(root);
    }

    private static AutopilotConfig fields(JsonNode root) {
        AutopilotConfig d = AutopilotConfig.DEFAULTS;
        boolean cleanup = d.cleanupDeadServers();
        Duration lastContact = d.lastContactThreshold();
        long trailing = d.maxTrailingLogs();
        int minQuorum = d.minQuorum();
        Duration stabilization = d.serverStabilizationTime();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            switch (f.getKey().toLowerCase(Locale.ROOT)) {
                case "cleanupdeadservers" -> cleanup = bool(v, "CleanupDeadServers");
                case "lastcontactthreshold" -> lastContact = duration(v, lastContact);
                case "maxtrailinglogs" -> trailing = unsigned(v, "MaxTrailingLogs", "uint64", Long.MAX_VALUE);
                case "minquorum" -> minQuorum = (int) unsigned(v, "MinQuorum", "uint", Integer.MAX_VALUE);
                case "serverstabilizationtime" -> stabilization = duration(v, stabilization);
                case "disableupgrademigration" -> bool(v, "DisableUpgradeMigration");
                case "redundancyzonetag", "upgradeversiontag" -> string(v, f.getKey());
                default -> {
                    // Unknown fields (and CreateIndex/ModifyIndex, which only ?cas sets) are ignored, as in Go.
                }
            }
        }
        return new AutopilotConfig(cleanup, lastContact, trailing, minQuorum, stabilization, 0, 0);
    }

    private static boolean bool(JsonNode v, String field) {
        if (v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw mismatch(v, field, "bool");
        }
        return v.booleanValue();
    }

    private static void string(JsonNode v, String field) {
        if (!v.isNull() && !v.isTextual()) {
            throw mismatch(v, field, "string");
        }
    }

    private static long unsigned(JsonNode v, String field, String goType, long max) {
        if (v.isNull()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0
                || v.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            if (v.isNumber()) {
                throw new IllegalArgumentException("json: cannot unmarshal number " + v.asText()
                        + " into Go struct field AutopilotConfiguration." + field + " of type " + goType);
            }
            throw mismatch(v, field, goType);
        }
        return v.longValue();
    }

    /** {@code api.ReadableDuration}: a quoted duration, or a number of nanoseconds. */
    private static Duration duration(JsonNode v, Duration fallback) {
        if (v.isNull()) {
            return fallback;
        }
        if (v.isNumber()) {
            return Duration.ofNanos((long) v.doubleValue());
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + goQuote(v.toString())
                    + ": invalid syntax");
        }
        String text = v.textValue();
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        return GoDuration.parse(text);
    }

    private static IllegalArgumentException mismatch(JsonNode v, String field, String goType) {
        return new IllegalArgumentException("json: cannot unmarshal " + goKind(v)
                + " into Go struct field AutopilotConfiguration." + field + " of type " + goType);
    }

    private static String goKind(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        return v.isArray() ? "array" : "object";
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
