package io.proconsul.core.store;

import io.proconsul.core.operator.AutopilotConfig;
import java.util.Objects;

/**
 * Stores new autopilot settings in the replicated state ({@code PUT /v1/operator/autopilot/configuration},
 * Consul's {@code AutopilotRequestType}). Completes with whether they were stored.
 *
 * @param config the new settings; their CreateIndex/ModifyIndex are ignored (the store sets them)
 * @param casIndex -1 to store unconditionally; otherwise store only if the current settings' ModifyIndex
 *     equals it (settings never stored count as ModifyIndex 0)
 */
public record AutopilotSetConfig(AutopilotConfig config, long casIndex) implements Command<Boolean> {

    public AutopilotSetConfig {
        Objects.requireNonNull(config, "config");
    }
}
