package io.proconsul.cli.command.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.raft.RaftStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server configured with server port 0 advertises the port its store bound, not 0, in the gossip tags. */
class ServerPortTagIT {

    @TempDir
    Path dir;

    @Test
    void thePortTagIsTheBoundServerPort() throws Exception {
        AgentConfig config = new AgentConfig("port-tag", UUID.randomUUID().toString(), "dc1", "dc1", dir.toString(),
                true, true, 0, false, "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE,
                new AgentConfig.Ports(-1, 0, -1, -1, 0, 0, 0), "INFO", "", false, AgentConfig.Limits.DEFAULTS,
                "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0, false, Map.of(),
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
        try (AgentRuntime runtime = AgentRuntime.create(config)) {
            runtime.start();
            int bound = ((RaftStore) runtime.store()).serverPort();
            assertThat(bound).isPositive();
            assertThat(runtime.lan().localTags()).containsEntry("port", Integer.toString(bound))
                    .containsEntry("role", "consul");
            assertThat(runtime.wan().localTags()).containsEntry("port", Integer.toString(bound));
            assertThat(runtime.lan().members()).anySatisfy(m ->
                    assertThat(m.tags()).containsEntry("port", Integer.toString(bound)));
            // Where client agents send their requests: the store's own listener, not the Raft port.
            int clientRpc = ((RaftStore) runtime.store()).clientRpcPort();
            assertThat(clientRpc).isPositive().isNotEqualTo(bound);
            assertThat(runtime.lan().localTags()).containsEntry("client_rpc_port", Integer.toString(clientRpc))
                    // Other servers forward their writes there as WRITE_INDEXED only if it says it takes them.
                    .containsEntry("client_rpc_vsn", "2");
        }
    }
}
