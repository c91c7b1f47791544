package io.proconsul.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys one source sets, already checked against {@link ConfigKeys}: dotted paths to {@code String},
 * {@code Boolean}, {@code Long}, {@code List<String>} or {@code Map<String, String>} values, and under
 * {@code services} and {@code checks} lists of decoded definitions. Values that
 * need parsing (durations, addresses, ranges) are checked only after merging, as Consul does, so a bad
 * value that a later file overrides is no error.
 */
record ConfigFragment(String source, Map<String, Object> values) {

    ConfigFragment {
        values = new LinkedHashMap<>(values);
    }

    /** Consul merges list flags before the config files and every other flag after them. */
    ConfigFragment onlyLists() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof List) {
                out.put(k, v);
            }
        });
        return new ConfigFragment(source, out);
    }

    ConfigFragment withoutLists() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!(v instanceof List)) {
                out.put(k, v);
            }
        });
        return new ConfigFragment(source, out);
    }
}
