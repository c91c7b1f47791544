package io.proconsul.core.operator;

import java.util.List;

/**
 * The cluster's health as autopilot sees it (Consul's {@code OperatorHealthReply}); the HTTP API derives
 * {@code /v1/operator/autopilot/state} from it too.
 *
 * @param failureTolerance how many healthy voters could be lost without losing quorum
 */
public record AutopilotHealth(boolean healthy, int failureTolerance, List<ServerHealth> servers) {

    public AutopilotHealth {
        servers = List.copyOf(servers);
    }
}
