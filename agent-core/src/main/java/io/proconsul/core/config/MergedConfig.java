package io.proconsul.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All sources merged as Consul's {@code merge.go} does: a later scalar replaces an earlier one, lists are
 * appended, maps are merged key by key. It remembers which source set each key last, so that an invalid
 * value is reported against the file it came from.
 */
final class MergedConfig {

    private record Origin(String source, int order) {}

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Origin> origins = new HashMap<>();
    private int merged;

    @SuppressWarnings("unchecked")
    void merge(ConfigFragment fragment) {
        merged++;
        for (Map.Entry<String, Object> e : fragment.values().entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            Object old = values.get(key);
            if (v instanceof List<?> list && old instanceof List<?> oldList) {
                List<Object> joined = new ArrayList<>(oldList);
                joined.addAll(list);
                values.put(key, joined);
            } else if (v instanceof Map<?, ?> map && old instanceof Map<?, ?> oldMap) {
                Map<String, String> joined = new LinkedHashMap<>((Map<String, String>) oldMap);
                joined.putAll((Map<String, String>) map);
                values.put(key, joined);
            } else {
                values.put(key, v);
            }
            origins.put(key, new Origin(fragment.source(), merged));
        }
    }

    boolean isSet(String key) {
        return values.containsKey(key);
    }

    String string(String key) {
        return (String) values.get(key);
    }

    boolean bool(String key) {
        return Boolean.TRUE.equals(values.get(key));
    }

    Boolean boolOrNull(String key) {
        return (Boolean) values.get(key);
    }

    long number(String key) {
        Object v = values.get(key);
        return v == null ? 0 : (Long) v;
    }

    @SuppressWarnings("unchecked")
    List<String> list(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    Map<String, String> map(String key) {
        Object v = values.get(key);
        return v == null ? Map.of() : (Map<String, String>) v;
    }

    /** The decoded service or check definitions of every source, in source order. */
    @SuppressWarnings("unchecked")
    <T> List<T> definitions(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : (List<T>) v;
    }

    /** The source that set {@code key} last, or null when nothing did. */
    String origin(String key) {
        Origin o = origins.get(key);
        return o == null ? null : o.source();
    }

    /**
     * An error about {@code keys}, prefixed with the source that set the latest of them, so that a clash
     * between a default and a file names the file. Built-in sources are not named: the message alone is
     * Consul's.
     */
    ConfigException error(String message, String... keys) {
        Origin latest = null;
        for (String k : keys) {
            Origin o = origins.get(k);
            if (o != null && (latest == null || o.order() > latest.order())) {
                latest = o;
            }
        }
        boolean builtIn = latest == null || latest.source().equals(DefaultSources.DEFAULT)
                || latest.source().equals(DefaultSources.DEV);
        return new ConfigException(builtIn ? message : latest.source() + ": " + message);
    }
}
