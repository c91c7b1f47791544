package io.proconsul.cli.command.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.agent.AgentRuntime;
import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.testing.TestAgent;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.raft.RaftStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consul snapshot save/restore} against a client agent's HTTP address: a server and a client agent
 * in this JVM on 127.0.0.1, joined over LAN gossip. The client forwards both to the server over its client
 * RPC port (by default the server port + 3): the save prints the index a save on the server prints, the
 * restore brings the saved value back, and a damaged archive gets the server's own error text.
 */
class SnapshotThroughClientIT {

    @TempDir
    Path dir;

    private static AgentConfig config(String node, Path dataDir, boolean server, int serfLan, List<String> join) {
        AgentConfig.Ports ports = new AgentConfig.Ports(-1, 0, -1, -1, serfLan, -1, TestAgent.freePort());
        return new AgentConfig(node, UUID.randomUUID().toString(), "dc1", "dc1", dataDir.toString(), server, server,
                0, false, "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE, ports, "INFO", "",
                false, AgentConfig.Limits.DEFAULTS, "consul.", join, List.of(), Duration.ofSeconds(30), 0, false,
                Map.of(), new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static List<String> indexAndTerm(Path archive) {
        return CliRun.run("snapshot", "inspect", archive.toString()).out().lines()
                .filter(l -> l.startsWith("Index") || l.startsWith("Term")).toList();
    }

    @Test
    void saveAndRestoreThroughAClientAgent() throws Exception {
        int serverSerf = TestAgent.freePort();
        AgentConfig serverConfig = config("snap-server", dir.resolve("server"), true, serverSerf, List.of());
        AgentConfig clientConfig = config("snap-client", dir.resolve("client"), false, TestAgent.freePort(),
                List.of("127.0.0.1:" + serverSerf));
        try (AgentRuntime server = AgentRuntime.create(serverConfig);
                AgentRuntime client = AgentRuntime.create(clientConfig)) {
            server.start();
            RaftStore raft = (RaftStore) server.store();
            assertThat(raft.clientRpcPort()).as("the default: server port + 3")
                    .isEqualTo(raft.serverPort() + AgentConfig.Ports.CLIENT_RPC_OFFSET);
            client.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (client.store().leader().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.store().leader()).as("the client learned the leader").isPresent();
            String viaClient = "-http-addr=127.0.0.1:" + client.httpPort();
            String viaServer = "-http-addr=127.0.0.1:" + server.httpPort();
            assertThat(CliRun.run("kv", "put", viaClient, "cfg/mode", "blue").exitCode()).isZero();
            String before = CliRun.run("kv", "get", viaClient, "-detailed", "cfg/mode").out();

            Path file = dir.resolve("client.snap");
            CliRun saveOnServer;
            CliRun save;
            int tries = 0;
            do {
                // The agents' own background writes (node sync) may land between the two saves: save again.
                saveOnServer = CliRun.run("snapshot", "save", viaServer, dir.resolve("server.snap").toString());
                save = CliRun.run("snapshot", "save", viaClient, file.toString());
                assertThat(save.exitCode()).as(save.toString()).isZero();
                assertThat(save.out()).matches("Saved and verified snapshot to index \\d+\n");
            } while (!save.out().equals(saveOnServer.out()) && ++tries < 5);
            assertThat(save.out()).isEqualTo(saveOnServer.out());
            assertThat(indexAndTerm(file)).isEqualTo(indexAndTerm(dir.resolve("server.snap")));

            assertThat(CliRun.run("kv", "put", viaClient, "cfg/mode", "green").exitCode()).isZero();
            CliRun restore = CliRun.run("snapshot", "restore", viaClient, file.toString());
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(restore.out()).isEqualTo("Restored snapshot\n");
            assertThat(CliRun.run("kv", "get", viaClient, "-detailed", "cfg/mode").out()).isEqualTo(before);

            Path junk = Files.writeString(dir.resolve("junk.snap"), "garbage");
            CliRun badOnServer = CliRun.run("snapshot", "restore", viaServer, junk.toString());
            CliRun bad = CliRun.run("snapshot", "restore", viaClient, junk.toString());
            assertThat(bad.exitCode()).isEqualTo(1);
            // The last line: the agents in this JVM may log to the same stderr (a JVM pause on a busy machine).
            assertThat(lastLine(bad.stderr())).isEqualTo(lastLine(badOnServer.stderr())).isEqualTo(
                    "Error restoring snapshot: Unexpected response code: 500 (failed to decompress snapshot: gzip: "
                            + "invalid header)");
        }
    }
}
