package io.proconsul.cli.command.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.Columnize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code consul operator raft list-peers [-stale]}: the Raft configuration joined with autopilot's health,
 * in Consul's table: {@code Node ID Address State Voter RaftProtocol Commit Index Trails Leader By}. A
 * server missing from the health report shows {@code _} for its commit index and no lag.
 */
@Command(
        name = "list-peers",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul operator raft list-peers [options]",
        description = {"Display the current Raft peer configuration", "",
            "  Displays the current Raft peer configuration.", ""})
public final class RaftListPeersCommand extends AgentApiCommand {

    record RaftServer(
            @JsonProperty("ID") String id,
            @JsonProperty("Node") String node,
            @JsonProperty("Address") String address,
            @JsonProperty("Leader") boolean leader,
            @JsonProperty("ProtocolVersion") String protocolVersion,
            @JsonProperty("Voter") boolean voter) {}

    record RaftConfiguration(@JsonProperty("Servers") List<RaftServer> servers) {}

    record ServerHealth(@JsonProperty("ID") String id, @JsonProperty("LastIndex") long lastIndex) {}

    record HealthReply(@JsonProperty("Servers") List<ServerHealth> servers) {}

    @Override
    public Integer call() {
        Optional<ConsulHttpClient> client = connect("Error initializing client: ");
        if (client.isEmpty()) {
            return 1;
        }
        RaftConfiguration config;
        HealthReply health;
        try {
            config = fetch(client.get(), "/v1/operator/raft/configuration", "raft configuration", false,
                    new TypeReference<RaftConfiguration>() {});
            health = fetch(client.get(), "/v1/operator/autopilot/health", "autopilot health", true,
                    new TypeReference<HealthReply>() {});
        } catch (ConsulApiException e) {
            return fail("Error getting peers: ", e);
        }
        output(table(config, health));
        return 0;
    }

    /** A read that must answer 200 (or 429 for the health report, which means "unhealthy", not failure). */
    private static <T> T fetch(ConsulHttpClient client, String path, String what, boolean unhealthyOk,
            TypeReference<T> type) throws ConsulApiException {
        ConsulHttpClient.Response r;
        try {
            r = client.get(path, Map.of());
        } catch (ConsulApiException e) {
            throw new ConsulApiException("Failed to retrieve " + what + ": " + e.getMessage(), 0, "");
        }
        if (r.status() != 200 && !(unhealthyOk && r.status() == 429)) {
            throw new ConsulApiException("Failed to retrieve " + what + ": "
                    + ConsulApiException.unexpectedStatus(r.status(), r.text()).getMessage(), r.status(), r.text());
        }
        try {
            return client.json().readValue(r.body(), type);
        } catch (IOException e) {
            throw new ConsulApiException("Failed to retrieve " + what + ": " + e.getMessage());
        }
    }

    static String table(RaftConfiguration config, HealthReply health) {
        Map<String, ServerHealth> byId = new HashMap<>();
        if (health != null && health.servers() != null) {
            health.servers().forEach(s -> byId.put(s.id(), s));
        }
        List<RaftServer> servers = config == null || config.servers() == null ? List.of() : config.servers();
        long leaderIndex = 0;
        for (RaftServer s : servers) {
            if (s.leader() && byId.containsKey(s.id())) {
                leaderIndex = byId.get(s.id()).lastIndex();
            }
        }
        char d = Columnize.DELIM;
        List<String> lines = new ArrayList<>();
        lines.add("Node" + d + "ID" + d + "Address" + d + "State" + d + "Voter" + d + "RaftProtocol" + d
                + "Commit Index" + d + "Trails Leader By");
        for (RaftServer s : servers) {
            String protocol = s.protocolVersion() == null || s.protocolVersion().isEmpty()
                    ? "<=1" : s.protocolVersion();
            String row = s.node() + d + s.id() + d + s.address() + d + (s.leader() ? "leader" : "follower") + d
                    + s.voter() + d + protocol + d;
            ServerHealth h = byId.get(s.id());
            if (h == null) {
                lines.add(row + "_");
                continue;
            }
            // Consul subtracts unsigned indexes, so a follower ahead of a stale leader reading wraps around.
            long behind = leaderIndex - h.lastIndex();
            String trails = Long.toUnsignedString(behind);
            String lag = s.leader() ? "_" : Long.compareUnsigned(behind, 1) <= 0 ? trails + " Commit" : trails + " Commits";
            lines.add(row + Long.toUnsignedString(h.lastIndex()) + d + lag);
        }
        return Columnize.format(lines);
    }
}
