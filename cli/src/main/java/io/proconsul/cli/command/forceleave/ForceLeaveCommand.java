package io.proconsul.cli.command.forceleave;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul force-leave [-prune] [-wan] name}: moves a failed member to "left"
 * ({@code PUT /v1/agent/force-leave/<name>}); with {@code -prune} the member is forgotten at once. Prints
 * nothing on success, as Consul.
 */
@Command(
        name = "force-leave",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul force-leave [options] name",
        description = {"Forces a member of the cluster to enter the \"left\" state", "",
            "  Forces a member of a Consul cluster to enter the \"left\" state. Note",
            "  that if the member is still actually alive, it will eventually rejoin",
            "  the cluster. This command is most useful for cleaning out \"failed\" nodes",
            "  that are never coming back. If you do not force leave a failed node,",
            "  Consul will attempt to reconnect to those failed nodes for some period of",
            "  time before eventually reaping them.", ""})
public final class ForceLeaveCommand extends AgentApiCommand {

    @Option(names = {"-prune", "--prune"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Remove agent forcibly from list of members")
    boolean prune;

    @Option(names = {"-wan", "--wan"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Exclusively leave the agent from the WAN serf pool.")
    boolean wan;

    @Parameters(paramLabel = "name", arity = "0..*", description = "The node to force out.")
    List<String> nodes = List.of();

    @Override
    public Integer call() {
        if (nodes.size() != 1) {
            error("A single node name must be specified to force leave.");
            error("");
            error(usage());
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        Map<String, String> params = new TreeMap<>();
        if (prune) {
            params.put("prune", "1");
        }
        if (wan) {
            params.put("wan", "1");
        }
        try {
            ConsulHttpClient.Response r = client.get().put("/v1/agent/force-leave/" + nodes.get(0), params, null);
            if (r.status() != 200) {
                throw ConsulApiException.unexpectedStatus(r.status(), r.text());
            }
        } catch (ConsulApiException e) {
            return fail("Error force leaving: ", e);
        }
        return 0;
    }
}
