package io.proconsul.raft;

import io.proconsul.core.config.AgentConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Agent configurations for tests: loopback, port 0 for the server port, the given data dir. */
final class TestConfigs {

    private TestConfigs() {}

    static AgentConfig dev(Path dataDir) {
        return config(dataDir, true, false, 0, new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
    }

    static AgentConfig devWithSnapshotThreshold(Path dataDir, long threshold) {
        return config(dataDir, true, false, 0, new AgentConfig.Raft(threshold, Duration.ofSeconds(30), 10, 1));
    }

    static AgentConfig expecting(Path dataDir, int expect) {
        return server(dataDir, "node1", expect);
    }

    /** A server in a multi-server test: raft_multiplier 3, so a loaded machine does not flap leaders. */
    static AgentConfig server(Path dataDir, String nodeName, int expect) {
        return config(nodeName, dataDir, false, false, expect,
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 3));
    }

    /**
     * As {@link #server(Path, String, int)} with the given {@code raft_multiplier}: 5, the default, gives the
     * production timing, under which a leader keeps its lease through pauses of up to a second.
     */
    static AgentConfig server(Path dataDir, String nodeName, int expect, int raftMultiplier) {
        return config(nodeName, dataDir, false, false, expect,
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, raftMultiplier));
    }

    /** A server started with {@code -bootstrap}: it elects itself; others join it through gossip. */
    static AgentConfig bootstrapServer(Path dataDir, String nodeName) {
        return config(nodeName, dataDir, false, true, 0,
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 3));
    }

    /** A server on a fixed port (so it can restart at the same address) with frequent snapshots. */
    static AgentConfig server(Path dataDir, String nodeName, int port, long snapshotThreshold, long trailingLogs) {
        return config(nodeName, port, dataDir, false, false, 3,
                new AgentConfig.Raft(snapshotThreshold, Duration.ofSeconds(30), trailingLogs, 3));
    }

    private static AgentConfig config(Path dataDir, boolean dev, boolean bootstrap, int expect, AgentConfig.Raft raft) {
        return config("node1", dataDir, dev, bootstrap, expect, raft);
    }

    private static AgentConfig config(
            String nodeName, Path dataDir, boolean dev, boolean bootstrap, int expect, AgentConfig.Raft raft) {
        return config(nodeName, 0, dataDir, dev, bootstrap, expect, raft);
    }

    private static AgentConfig config(String nodeName, int port, Path dataDir, boolean dev, boolean bootstrap,
            int expect, AgentConfig.Raft raft) {
        AgentConfig.Ports ports = new AgentConfig.Ports(8600, 8500, -1, -1, 8301, 8302, port);
        return new AgentConfig(nodeName, "", "dc1", "dc1", dataDir.toString(), true, bootstrap, expect, dev,
                "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE, ports, "INFO", "", false,
                AgentConfig.Limits.DEFAULTS, "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0, false,
                Map.of(), raft);
    }
}
