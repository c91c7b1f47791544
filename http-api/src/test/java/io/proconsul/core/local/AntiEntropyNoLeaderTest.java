package io.proconsul.core.local;

import static io.proconsul.core.local.LocalAgents.service;
import static io.proconsul.core.local.LocalAgents.ttl;
import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.http.Retry;
import io.proconsul.http.TestConfigs;
import io.proconsul.raft.RaftStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server waiting for two more ({@code bootstrap_expect = 3}) never has a leader: the agent's local
 * state still answers every change at once, and anti-entropy keeps failing and retrying in the background.
 */
class AntiEntropyNoLeaderTest {

    @Test
    void localChangesDoNotWaitForTheCatalog(@TempDir Path dataDir) throws Exception {
        AgentConfig dev = TestConfigs.dev(dataDir.toString(), AgentConfig.Limits.DEFAULTS);
        AgentConfig config = new AgentConfig(dev.nodeName(), dev.nodeId(), dev.datacenter(), dev.primaryDatacenter(),
                dev.dataDir(), true, false, 3, false, dev.bindAddr(), dev.clientAddrs(), dev.advertiseAddr(),
                dev.addresses(), dev.ports(), dev.logLevel(), dev.logFile(), false, dev.limits(), dev.domain(),
                dev.startJoin(), dev.retryJoin(), dev.retryInterval(), dev.retryMax(), false, dev.nodeMeta(),
                dev.raft());
        try (InProcessEventBus bus = new InProcessEventBus(); RaftStore store = new RaftStore(config, bus)) {
            store.start();
            LocalAgent agent = new LocalAgent(config, store,
                    new AntiEntropy.Timing(Duration.ofSeconds(1), Duration.ofMillis(200)));
            try {
                agent.start();
                long t0 = System.nanoTime();
                agent.addService(service("web", "web", List.of(ttl("web-ttl", "t", Duration.ofMinutes(1)))), false,
                        DefinitionSource.API);
                agent.updateTtl("web-ttl", HealthStatus.PASSING, "");
                agent.enableNodeMaintenance("");
                // Each change triggers a sync that cannot succeed; none of them waits for it.
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
                assertThat(agent.checks()).containsOnlyKeys("web-ttl", "_node_maintenance");

                Retry.untilPasses(Duration.ofSeconds(60), () -> assertThat(agent.failedSyncs()).isGreaterThan(1));
                assertThat(agent.completedSyncs()).isZero();
            } finally {
                agent.close();
            }
        }
    }
}
