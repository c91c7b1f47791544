package io.proconsul.cli.command.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.core.GoQuote;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code consul operator autopilot get-config [-stale]}: autopilot's settings, one {@code Name = value} line
 * each in Consul's order, tag names quoted as Go's {@code %q}.
 */
@Command(
        name = "get-config",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul operator autopilot get-config [options]",
        description = {"Display the current Autopilot configuration", "",
            "  Displays the current Autopilot configuration.", ""})
public final class AutopilotGetConfigCommand extends AgentApiCommand {

    @Override
    public Integer call() {
        Optional<ConsulHttpClient> client = connect("Error initializing client: ");
        if (client.isEmpty()) {
            return 1;
        }
        JsonNode c;
        try {
            c = AutopilotConfigs.get(client.get());
        } catch (ConsulApiException e) {
            return fail("Error querying Autopilot configuration: ", e);
        }
        output("CleanupDeadServers = " + c.path("CleanupDeadServers").asBoolean());
        output("LastContactThreshold = " + AutopilotConfigs.duration(c.path("LastContactThreshold")));
        output("MaxTrailingLogs = " + c.path("MaxTrailingLogs").asText("0"));
        output("MinQuorum = " + c.path("MinQuorum").asText("0"));
        output("ServerStabilizationTime = " + AutopilotConfigs.duration(c.path("ServerStabilizationTime")));
        output("RedundancyZoneTag = " + GoQuote.quote(c.path("RedundancyZoneTag").asText("")));
        output("DisableUpgradeMigration = " + c.path("DisableUpgradeMigration").asBoolean());
        output("UpgradeVersionTag = " + GoQuote.quote(c.path("UpgradeVersionTag").asText("")));
        return 0;
    }
}
