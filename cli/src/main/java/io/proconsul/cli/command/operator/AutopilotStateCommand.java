package io.proconsul.cli.command.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul operator autopilot state [-format=pretty|json] [-stale]}: autopilot's view of the servers
 * ({@code /v1/operator/autopilot/state}), in Consul's pretty layout or as Consul's indented JSON. As in
 * Consul, the format is checked only once the state has been read.
 */
@Command(
        name = "state",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul operator autopilot state [options]",
        description = {"Display the current Autopilot state", "",
            "  Displays the current Autopilot state.", ""})
public final class AutopilotStateCommand extends AgentApiCommand {

    @Option(names = {"-format", "--format"}, paramLabel = "<string>", description = "Output format {pretty|json}")
    String format = "pretty";

    @Override
    public Integer call() {
        Optional<ConsulHttpClient> client = connect("Error initializing client: ");
        if (client.isEmpty()) {
            return 1;
        }
        JsonNode state;
        try {
            ConsulHttpClient.Response r = client.get().get("/v1/operator/autopilot/state", Map.of());
            if (r.status() != 200) {
                throw ConsulApiException.unexpectedStatus(r.status(), r.text());
            }
            state = client.get().json().readTree(r.body());
        } catch (ConsulApiException e) {
            return fail("Error querying Autopilot state: ", e);
        } catch (IOException e) {
            error("Error querying Autopilot state: " + e.getMessage());
            return 1;
        }
        switch (format) {
            // Consul's pretty text ends in a newline and its UI adds another: a blank line closes it.
            case "pretty" -> output(AutopilotStateFormat.pretty(state));
            case "json" -> output(AutopilotStateFormat.json(state));
            default -> {
                error("Unknown format: " + format);
                error("Use -format=pretty or -format=json.");
                return 1;
            }
        }
        return 0;
    }
}
