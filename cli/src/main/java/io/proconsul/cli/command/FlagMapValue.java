package io.proconsul.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consul's {@code flags.FlagMapValue}, the repeatable {@code -flag key=value} of its commands
 * ({@code -node-meta}, {@code -meta}, {@code -tagged-address}): each value split at its first {@code =},
 * a later key replacing an earlier one. Stateless.
 */
public final class FlagMapValue {

    private FlagMapValue() {}

    /**
     * The pairs in the order given.
     *
     * @throws IllegalArgumentException with Go's flag-package text, naming {@code -flag}, for a value
     *     without {@code =}
     */
    public static Map<String, String> parse(String flag, List<String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("invalid value \"" + v + "\" for flag -" + flag
                        + ": Missing \"=\" value in argument: " + v);
            }
            out.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return out;
    }
}
