package io.proconsul.cli.command.operator;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.core.GoQuote;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul operator raft remove-peer -address=<ip:port> | -id=<id>}: removes a server that is gone
 * from the Raft configuration ({@code DELETE /v1/operator/raft/peer}).
 */
@Command(
        name = "remove-peer",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul operator raft remove-peer [options]",
        description = {"Remove a Consul server from the Raft configuration", "",
            "  Remove the Consul server with given -address from the Raft configuration.", "",
            "  There are rare cases where a peer may be left behind in the Raft quorum even",
            "  though the server is no longer present and known to the cluster. This command",
            "  can be used to remove the failed server so that it is no longer affects the Raft",
            "  quorum. If the server still shows in the output of the \"consul members\" command,",
            "  it is preferable to clean up by simply running \"consul force-leave\" instead of",
            "  this command.", ""})
public final class RaftRemovePeerCommand extends AgentApiCommand {

    @Option(names = {"-address", "--address"}, paramLabel = "<string>",
            description = "The address to remove from the Raft configuration.")
    String address = "";

    @Option(names = {"-id", "--id"}, paramLabel = "<string>",
            description = "The ID to remove from the Raft configuration.")
    String id = "";

    @Override
    public Integer call() {
        Optional<ConsulHttpClient> client = connect("Error initializing client: ");
        if (client.isEmpty()) {
            return 1;
        }
        if (address.isEmpty() && id.isEmpty()) {
            error("Error removing peer: an address or id is required for the peer to remove");
            return 1;
        }
        if (!address.isEmpty() && !id.isEmpty()) {
            error("Error removing peer: cannot give both an address and id");
            return 1;
        }
        Map<String, String> params = address.isEmpty() ? Map.of("id", id) : Map.of("address", address);
        try {
            ConsulHttpClient.Response r = client.get().delete("/v1/operator/raft/peer", params);
            if (r.status() != 200) {
                throw ConsulApiException.unexpectedStatus(r.status(), r.text());
            }
        } catch (ConsulApiException e) {
            return fail("Error removing peer: ", e);
        }
        output(address.isEmpty() ? "Removed peer with id " + GoQuote.quote(id)
                : "Removed peer with address " + GoQuote.quote(address));
        return 0;
    }
}
