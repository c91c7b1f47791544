package io.proconsul.cli.command.reload;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code consul reload}: asks the agent to read its config files again ({@code PUT /v1/agent/reload}), as
 * sending it SIGHUP would. Returns once the agent has answered; the agent logs what it changed.
 */
@Command(
        name = "reload",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul reload [options]",
        description = {"Triggers the agent to reload configuration files", "",
            "  Causes the agent to reload configurations. This can be used instead",
            "  of sending the SIGHUP signal to the agent.", ""})
public final class ReloadCommand extends AgentApiCommand {

    /** Consul ignores arguments after the flags. */
    @Parameters(hidden = true, arity = "0..*")
    List<String> ignored = List.of();

    @Override
    public Integer call() {
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        try {
            ConsulHttpClient.Response r = client.get().put("/v1/agent/reload", Map.of(), null);
            if (r.status() != 200) {
                throw ConsulApiException.unexpectedStatus(r.status(), r.text());
            }
        } catch (ConsulApiException e) {
            return fail("Error reloading: ", e);
        }
        output("Configuration reload triggered");
        return 0;
    }
}
