package io.proconsul.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values given on the command line, keyed by the config key each flag sets ({@code -http-port} sets
 * {@code ports.http}). Only flags actually given are present, so an absent flag never overrides a file.
 * {@link ConfigLoader} merges list values before the config files and everything else after them, as
 * Consul does. Not thread-safe; filled once by the command line parser.
 */
public final class FlagSource {

    /** The source name used in error messages about flag values. */
    public static final String NAME = "flags";

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> hcl = new ArrayList<>();

    /** Sets a scalar key ({@code String}, {@code Boolean}, {@code Integer} or {@code Long}); null is ignored. */
    public FlagSource set(String key, Object value) {
        if (value != null) {
            values.put(key, value instanceof Integer i ? Long.valueOf(i) : value);
        }
        return this;
    }

    /** Appends to a list key such as {@code retry_join}. */
    @SuppressWarnings("unchecked")
    public FlagSource add(String key, String item) {
        ((List<Object>) values.computeIfAbsent(key, k -> new ArrayList<>())).add(item);
        return this;
    }

    /** Puts one entry of a map key such as {@code node_meta}. */
    @SuppressWarnings("unchecked")
    public FlagSource put(String key, String mapKey, String mapValue) {
        ((Map<String, Object>) values.computeIfAbsent(key, k -> new LinkedHashMap<>())).put(mapKey, mapValue);
        return this;
    }

    /** Adds an {@code -hcl} fragment: HCL text merged after every other source, in the order given. */
    public FlagSource hcl(String fragment) {
        hcl.add(fragment);
        return this;
    }

    /** Records a warning about the flags themselves, such as a deprecated flag. */
    public FlagSource warn(String warning) {
        warnings.add(warning);
        return this;
    }

    /** Whether {@code key} was given. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    List<String> hclFragments() {
        return List.copyOf(hcl);
    }

    /** The values as a nested tree, the shape {@link SourceDecoder} reads from files. */
    @SuppressWarnings("unchecked")
    Map<String, Object> tree() {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
            }
            node.put(parts[parts.length - 1], e.getValue());
        }
        return root;
    }
}
