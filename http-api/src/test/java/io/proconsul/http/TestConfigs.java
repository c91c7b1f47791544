package io.proconsul.http;

import io.proconsul.core.config.AgentConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Agent configurations for tests: a single server on 127.0.0.1 with every port 0, in {@code -dev} mode
 * ({@link #dev}) or not ({@link #server}: compact JSON, no UI).
 */
public final class TestConfigs {

    private TestConfigs() {}

    public static AgentConfig dev() {
        return dev("", AgentConfig.Limits.DEFAULTS);
    }

    public static AgentConfig dev(String dataDir, AgentConfig.Limits limits) {
        return new AgentConfig("node1", "5e9a6a8b-3b8c-4a9a-8f36-2f2b7a8e7c11", "dc1", "dc1", dataDir,
                true, true, 0, true, "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE,
                new AgentConfig.Ports(0, 0, -1, -1, 0, 0, 0), "WARN", "", false, limits, "consul.",
                List.of(), List.of(), Duration.ofSeconds(30), 0, false, Map.of(),
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
    }

    /**
     * {@link #dev(String, AgentConfig.Limits)} as a server outside {@code -dev} mode, bootstrapping itself or
     * waiting for {@code bootstrapExpect} servers.
     */
    public static AgentConfig server(String dataDir, AgentConfig.Limits limits, boolean bootstrap,
            int bootstrapExpect) {
        AgentConfig dev = dev(dataDir, limits);
        return new AgentConfig(dev.nodeName(), dev.nodeId(), dev.datacenter(), dev.primaryDatacenter(),
                dev.dataDir(), true, bootstrap, bootstrapExpect, false, dev.bindAddr(), dev.clientAddrs(),
                dev.advertiseAddr(), dev.addresses(), dev.ports(), dev.logLevel(), dev.logFile(), false, limits,
                dev.domain(), dev.startJoin(), dev.retryJoin(), dev.retryInterval(), dev.retryMax(), false,
                dev.nodeMeta(), dev.raft());
    }
}
