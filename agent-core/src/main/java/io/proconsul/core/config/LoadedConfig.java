package io.proconsul.core.config;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@link ConfigLoader#load()}: the merged, validated configuration and the warnings met on
 * the way (unsupported keys, deprecated keys and flags, skipped files, risky settings), in the order they
 * were found. The caller decides where warnings go; the agent logs them at WARN, {@code validate} prints
 * them to stderr.
 */
public record LoadedConfig(AgentConfig config, List<String> warnings) {

    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
    }
}
