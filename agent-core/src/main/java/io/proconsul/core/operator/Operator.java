package io.proconsul.core.operator;

import io.proconsul.core.store.QueryOptions;
import java.util.concurrent.CompletableFuture;

/**
 * The operator's view of the servers: the Raft configuration and autopilot ({@code /v1/operator/raft/*},
 * {@code /v1/operator/autopilot/*}, {@code consul operator ...}). Implemented by {@code raft-store} on
 * servers; a client agent forwards to a server.
 *
 * <p>Threading and failures as {@link io.proconsul.core.store.Store}: nothing blocks; futures fail with
 * {@link io.proconsul.core.store.NoClusterLeaderException} without a leader, and with
 * {@link IllegalArgumentException} carrying Consul's text for a bad request (for example a peer that is not
 * in the configuration).
 */
public interface Operator {

    CompletableFuture<RaftConfiguration> raftConfiguration(QueryOptions options);

    /**
     * Removes a server from the Raft configuration, by ID or by address (exactly one is non-empty), as
     * {@code DELETE /v1/operator/raft/peer?id=|address=} does.
     */
    CompletableFuture<Void> removeRaftPeer(String id, String address);

    CompletableFuture<AutopilotConfig> autopilotConfiguration(QueryOptions options);

    /**
     * Stores new autopilot settings through Raft. With {@code casIndex >= 0} only if the stored settings'
     * ModifyIndex equals it; completes with whether it was stored.
     */
    CompletableFuture<Boolean> setAutopilotConfiguration(AutopilotConfig config, long casIndex);

    /** Autopilot's current view of server health; answered by the leader. */
    CompletableFuture<AutopilotHealth> autopilotHealth(QueryOptions options);
}
