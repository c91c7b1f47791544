package io.proconsul.core.local;

import io.proconsul.core.GoDuration;
import io.proconsul.core.GoTypeName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one decoded object (a service, a check, a weights block), looked up the way Consul's decoder
 * does: case-insensitively and with or without underscores, so {@code deregister_critical_service_after},
 * {@code DeregisterCriticalServiceAfter} and {@code deregistercriticalserviceafter} are one key. Aliases
 * (Consul's {@code alias:"..."} tags) give way to the canonical key when both are present, as in Consul's
 * {@code HookTranslateKeys}. Values are typed on read; each error names the key as the operator wrote it.
 */
final class DefinitionFields {

    private final String path;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> written = new LinkedHashMap<>();

    /**
     * @param path where this object sits, for error messages ({@code ""} at the top)
     * @param aliases normalized alias to normalized canonical key
     */
    DefinitionFields(String path, Map<String, Object> raw, Map<String, String> aliases) {
        this.path = path;
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String norm = normalize(e.getKey());
            if (!aliases.containsKey(norm) && !values.containsKey(norm)) {
                values.put(norm, e.getValue());
                written.put(norm, e.getKey());
            }
        }
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String canon = aliases.get(normalize(e.getKey()));
            if (canon != null && !values.containsKey(canon)) {
                values.put(canon, e.getValue());
                written.put(canon, e.getKey());
            }
        }
    }

    static String normalize(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Checks every key against {@code known}. {@code ignored} keys are Consul's but do nothing here: a
     * warning when {@code strict}. Any other key fails when {@code strict} (a config file, where Consul
     * says {@code invalid config key}) and is skipped otherwise (an HTTP body, which Consul decodes
     * leniently).
     */
    void checkKeys(Set<String> known, Set<String> ignored, boolean strict, List<String> warnings) {
        for (String norm : values.keySet()) {
            if (known.contains(norm) || !strict) {
                continue;
            }
            if (ignored.contains(norm)) {
                warnings.add("config key \"" + keyPath(norm) + "\" is not supported by Proconsul yet and is ignored");
            } else {
                throw new DefinitionException("", "invalid config key " + keyPath(norm));
            }
        }
    }

    /** Whether the key is present with a value other than a zero value ({@code null}, {@code ""}, empty). */
    boolean has(String key) {
        return !allZero(Collections.singletonMap(key, unwrap(values.get(key))));
    }

    /** The key's path for messages: {@code services[0].checks[1].interval}. */
    String keyPath(String key) {
        String w = written.getOrDefault(key, key);
        return path.isEmpty() ? w : path + "." + w;
    }

    String string(String key) {
        Object v = unwrap(values.get(key));
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw mismatch(key, "string", v);
    }

    boolean bool(String key) {
        Object v = unwrap(values.get(key));
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw mismatch(key, "bool", v);
    }

    /** An integer, {@code fallback} when absent. Integral numbers and numeric strings are accepted. */
    int integer(String key, int fallback) {
        Object v = unwrap(values.get(key));
        if (v == null) {
            return fallback;
        }
        if ((v instanceof Long || v instanceof Integer) && ((Number) v).longValue() == ((Number) v).intValue()) {
            return ((Number) v).intValue();
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
            return d.intValue();
        }
        if (v instanceof String s && s.matches("-?\\d{1,9}")) {
            return Integer.parseInt(s);
        }
        throw mismatch(key, "int", v);
    }

    /**
     * A Go duration string, or a number of nanoseconds as Consul's API also accepts; null when absent or
     * {@code ""} (clients that send every field send empty durations).
     */
    Duration duration(String key) {
        Object v = unwrap(values.get(key));
        if (v == null) {
            return null;
        }
        if (v instanceof Long || v instanceof Integer) {
            return Duration.ofNanos(((Number) v).longValue());
        }
        if (v instanceof Double d) {
            return Duration.ofNanos(d.longValue());
        }
        if (!(v instanceof String s)) {
            throw mismatch(key, "duration", v);
        }
        if (s.isEmpty()) {
            return null;
        }
        try {
            return GoDuration.parse(s);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(keyPath(key), "invalid duration: \"" + s + "\": " + e.getMessage());
        }
    }

    List<String> stringList(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new DefinitionException(keyPath(key),
                    "source data must be an array or slice, got " + GoTypeName.of(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new DefinitionException(keyPath(key) + "[" + i + "]", expected("string", list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** An object (a block), null when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> object(String key) {
        Object v = unwrap(values.get(key));
        if (v == null || v instanceof Map) {
            return (Map<String, Object>) v;
        }
        throw new DefinitionException(keyPath(key), "expected a map, got '" + GoTypeName.of(v) + "'");
    }

    /** A list of objects; a single object counts as a list of one (one HCL block). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> objects(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Map) {
            return List.of((Map<String, Object>) v);
        }
        if (!(v instanceof List<?> list)) {
            throw new DefinitionException(keyPath(key),
                    "source data must be an array or slice, got " + GoTypeName.of(v));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw new DefinitionException(keyPath(key) + "[" + i + "]",
                        "expected a map, got '" + GoTypeName.of(list.get(i)) + "'");
            }
            out.add((Map<String, Object>) list.get(i));
        }
        return out;
    }

    Map<String, String> stringMap(String key) {
        Map<String, Object> m = object(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (m != null) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Object v = unwrap(e.getValue());
                if (!(v instanceof String s)) {
                    throw new DefinitionException(keyPath(key) + "[" + e.getKey() + "]", expected("string", v));
                }
                out.put(e.getKey(), s);
            }
        }
        return out;
    }

    /** HTTP headers: each name to a list of values; a single string is a list of one. */
    Map<String, List<String>> headers(String key) {
        Map<String, Object> m = object(key);
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (m != null) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Object v = e.getValue();
                List<String> vals = new ArrayList<>();
                for (Object item : v instanceof List<?> l ? l : List.of(v == null ? "" : v)) {
                    if (!(item instanceof String s)) {
                        throw new DefinitionException(keyPath(key) + "[" + e.getKey() + "]", expected("string", item));
                    }
                    vals.add(s);
                }
                out.put(e.getKey(), vals);
            }
        }
        return out;
    }

    /**
     * Whether every value is a zero value ({@code null}, {@code ""}, {@code false}, 0, or an empty list or
     * map): Consul's {@code CheckType.Empty}, by which a service's all-empty {@code Check} is no check.
     */
    static boolean allZero(Map<String, Object> tree) {
        for (Object v : tree.values()) {
            boolean zero = v == null || "".equals(v) || Boolean.FALSE.equals(v)
                    || (v instanceof Number n && n.doubleValue() == 0)
                    || (v instanceof List<?> l && l.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty());
            if (!zero) {
                return false;
            }
        }
        return true;
    }

    /** The key as written, below this object: the path prefix for a nested object's errors. */
    String childPath(String key, int index) {
        return keyPath(key) + (index < 0 ? "" : "[" + index + "]");
    }

    /** HCL hands a block over as a list of one; a scalar may come the same way. */
    private static Object unwrap(Object v) {
        return v instanceof List<?> l && l.size() == 1 && !(l.get(0) instanceof List) ? l.get(0) : v;
    }

    private DefinitionException mismatch(String key, String want, Object got) {
        return new DefinitionException(keyPath(key), expected(want, got));
    }

    /** mapstructure's wording, as Consul reports a value of the wrong type. */
    private static String expected(String want, Object got) {
        return "expected type '" + want + "', got unconvertible type '" + GoTypeName.of(got) + "', value: '" + got
                + "'";
    }
}
