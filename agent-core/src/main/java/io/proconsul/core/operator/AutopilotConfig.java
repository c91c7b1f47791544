package io.proconsul.core.operator;

import java.time.Duration;

/**
 * Autopilot's settings, kept in the replicated state (Consul's {@code AutopilotConfiguration}; the
 * Enterprise-only fields are answered with their defaults by the HTTP API).
 *
 * @param cleanupDeadServers remove failed servers from Raft when it is safe (never below quorum or
 *     {@code minQuorum})
 * @param lastContactThreshold a server that has not heard from the leader for longer is unhealthy
 * @param maxTrailingLogs a server more entries behind the leader is unhealthy
 * @param minQuorum never prune below this many servers; 0 for no floor
 * @param serverStabilizationTime how long a new server must be healthy before it becomes a voter
 */
public record AutopilotConfig(
        boolean cleanupDeadServers,
        Duration lastContactThreshold,
        long maxTrailingLogs,
        int minQuorum,
        Duration serverStabilizationTime,
        long createIndex,
        long modifyIndex) {

    /** Consul's defaults (api.NewAutopilotConfiguration). */
    public static final AutopilotConfig DEFAULTS =
            new AutopilotConfig(true, Duration.ofMillis(200), 250, 0, Duration.ofSeconds(10), 0, 0);
}
