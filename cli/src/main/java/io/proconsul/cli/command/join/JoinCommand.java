package io.proconsul.cli.command.join;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul join [-wan] address ...}: asks the agent to join each address in turn
 * ({@code PUT /v1/agent/join/<address>}); succeeds if at least one answered, reporting every failure on the
 * way, as Consul does.
 */
@Command(
        name = "join",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul join [options] address ...",
        description = {"Tell Consul agent to join cluster", "",
            "  Tells a running Consul agent (with \"consul agent\") to join the cluster",
            "  by specifying at least one existing member.", ""})
public final class JoinCommand extends AgentApiCommand {

    @Option(names = {"-wan", "--wan"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Joins a server to another server in the WAN pool.")
    boolean wan;

    @Parameters(paramLabel = "address", arity = "0..*", description = "Addresses of existing members.")
    List<String> addresses = List.of();

    @Override
    public Integer call() {
        if (addresses.isEmpty()) {
            error("At least one address to join must be specified.");
            error("");
            error(usage());
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        int joined = 0;
        boolean unreachable = false;
        for (String addr : addresses) {
            try {
                join(client.get(), addr);
                joined++;
            } catch (ConsulApiException e) {
                error("Error joining address '" + addr + "': " + e.getMessage());
                unreachable |= e.isConnectFailure();
            }
        }
        if (joined == 0) {
            error("Failed to join any nodes.");
            if (unreachable) {
                error(CONNECT_HINT);
            }
            return 1;
        }
        output("Successfully joined cluster by contacting " + joined + " nodes.");
        return 0;
    }

    private void join(ConsulHttpClient client, String addr) throws ConsulApiException {
        ConsulHttpClient.Response r = client.put("/v1/agent/join/" + addr, wan ? Map.of("wan", "1") : Map.of(), null);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
    }
}
