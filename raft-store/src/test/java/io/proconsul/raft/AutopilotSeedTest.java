package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.store.QueryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code autopilot {}} block seeds the stored settings the first time a leader finds none, and only
 * then: after a restart with another block, the stored settings (and their indexes) stay, as in Consul.
 */
class AutopilotSeedTest {

    @TempDir
    Path dir;

    private static final AutopilotConfig CONFIGURED =
            new AutopilotConfig(false, Duration.ofSeconds(2), 77, 3, Duration.ofSeconds(21), 0, 0);

    @Test
    void theConfiguredSettingsAreStoredOnceAndThenTheStoredOnesWin() throws Exception {
        AutopilotConfig first;
        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(withAutopilot(TestConfigs.dev(dir), CONFIGURED), bus)) {
            store.start();
            Poll.until(Duration.ofSeconds(10), () -> assertThat(store.storedAutopilotConfig()).isPresent());
            first = store.autopilotConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            assertThat(Autopilot.withIndexes(first, 0)).isEqualTo(CONFIGURED);
            assertThat(first.createIndex()).isPositive();
        }

        AutopilotConfig other = new AutopilotConfig(true, Duration.ofSeconds(9), 9, 0, Duration.ofSeconds(9), 0, 0);
        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(withAutopilot(TestConfigs.dev(dir), other), bus)) {
            store.start();
            AutopilotConfig after = Poll.result(Duration.ofSeconds(10),
                    () -> store.autopilotConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS));
            assertThat(after).isEqualTo(first);
        }
    }

    @Test
    void withoutABlockConsulsDefaultsAreStored() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.dev(dir), bus)) {
            store.start();
            Poll.until(Duration.ofSeconds(10), () -> assertThat(store.storedAutopilotConfig()).isPresent());
            assertThat(Autopilot.withIndexes(store.storedAutopilotConfig().orElseThrow(), 0))
                    .isEqualTo(AutopilotConfig.DEFAULTS);
        }
    }

    static AgentConfig withAutopilot(AgentConfig c, AutopilotConfig autopilot) {
        return new AgentConfig(c.nodeName(), c.nodeId(), c.datacenter(), c.primaryDatacenter(), c.dataDir(),
                c.server(), c.bootstrap(), c.bootstrapExpect(), c.devMode(), c.bindAddr(), c.clientAddrs(),
                c.advertiseAddr(), c.addresses(), c.ports(), c.logLevel(), c.logFile(), c.uiEnabled(), c.limits(),
                c.domain(), c.startJoin(), c.retryJoin(), c.retryInterval(), c.retryMax(), c.rejoinAfterLeave(),
                c.nodeMeta(), c.raft(), c.discovery(), c.leave(), autopilot);
    }
}
