package io.proconsul.cli.command.leave;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code consul leave}: asks the agent to leave the cluster gracefully and shut down
 * ({@code PUT /v1/agent/leave}), so the others mark it "left" rather than "failed".
 */
@Command(
        name = "leave",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul leave [options]",
        description = {"Gracefully leaves the Consul cluster and shuts down", "",
            "  Causes the agent to gracefully leave the Consul cluster and shutdown.", ""})
public final class LeaveCommand extends AgentApiCommand {

    @Parameters(hidden = true, arity = "0..*")
    List<String> unexpected = List.of();

    @Override
    public Integer call() {
        if (!unexpected.isEmpty()) {
            // Go prints the slice as [a b]; Consul shows its help on stdout after it.
            error("Error found unexpected args: [" + String.join(" ", unexpected) + "]");
            output(usage());
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        try {
            ConsulHttpClient.Response r = client.get().put("/v1/agent/leave", Map.of(), null);
            if (r.status() != 200) {
                throw ConsulApiException.unexpectedStatus(r.status(), r.text());
            }
        } catch (ConsulApiException e) {
            return fail("Error leaving: ", e);
        }
        output("Graceful leave complete");
        return 0;
    }
}
