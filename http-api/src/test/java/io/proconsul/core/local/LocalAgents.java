package io.proconsul.core.local;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.http.Retry;
import io.proconsul.http.TestConfigs;
import io.proconsul.raft.RaftStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test wiring for {@link LocalAgent}, registered with {@code @RegisterExtension}: before each test a real
 * single-server {@link RaftStore} (dev mode) in a fresh temporary directory, and agents over it with their
 * discovery keys and anti-entropy timing; after it, every agent it started (closing twice is harmless),
 * the store, and the directory.
 */
final class LocalAgents implements BeforeEachCallback, AfterEachCallback {

    AgentConfig base;
    InProcessEventBus bus;
    RaftStore store;
    private Path dataDir;
    private final List<LocalAgent> started = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("local-agents");
        base = TestConfigs.dev(dataDir.toString(), AgentConfig.Limits.DEFAULTS);
        bus = new InProcessEventBus();
        store = new RaftStore(base, bus);
        store.start();
        Retry.untilPasses(Duration.ofSeconds(20), () -> {
            if (store.leader().isEmpty()) {
                throw new AssertionError("no leader yet");
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        started.forEach(LocalAgent::close);
        started.clear();
        if (store != null) {
            store.close();
        }
        if (bus != null) {
            bus.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** The config with other discovery keys (config-file services and checks, script switches). */
    AgentConfig config(List<ServiceDefinition> services, List<CheckDefinition> checks, boolean scripts,
            boolean localScripts) {
        AgentConfig c = base;
        AgentConfig.Discovery d = new AgentConfig.Discovery(services, checks, scripts, localScripts, 4096,
                AgentConfig.Dns.DEFAULTS, List.of(), "");
        return new AgentConfig(c.nodeName(), c.nodeId(), c.datacenter(), c.primaryDatacenter(), c.dataDir(),
                c.server(), c.bootstrap(), c.bootstrapExpect(), c.devMode(), c.bindAddr(), c.clientAddrs(),
                c.advertiseAddr(), c.addresses(), c.ports(), c.logLevel(), c.logFile(), c.uiEnabled(), c.limits(),
                c.domain(), c.startJoin(), c.retryJoin(), c.retryInterval(), c.retryMax(), c.rejoinAfterLeave(),
                c.nodeMeta(), c.raft(), d);
    }

    /** A started agent with anti-entropy every {@code interval} (retry after a fifth of it). */
    LocalAgent start(AgentConfig config, Duration interval) {
        return start(new LocalAgent(config, store, new AntiEntropy.Timing(interval, interval.dividedBy(5))));
    }

    /** {@code agent}, started, and closed after the test. */
    LocalAgent start(LocalAgent agent) {
        started.add(agent);
        agent.start();
        return agent;
    }

    LocalAgent start() {
        return start(config(List.of(), List.of(), false, false), Duration.ofMinutes(1));
    }

    static ServiceDefinition service(String id, String name, List<CheckDefinition> checks) {
        return new ServiceDefinition("", id, name, List.of("v1"), "", null, null, 8080, null, false, checks);
    }

    static CheckDefinition ttl(String id, String name, Duration ttl) {
        return new CheckDefinition(id, name, "", "", null, "", "", null, "", false, "", "", false, ttl, null, null,
                "", 0, 0, null);
    }

    static CheckDefinition script(String id, String name) {
        return new CheckDefinition(id, name, "", "", List.of("true"), "", "", null, "", false, "", "", false, null,
                Duration.ofSeconds(10), null, "", 0, 0, null);
    }

    static CheckDefinition tcp(String id, String name, String serviceId, String status) {
        return new CheckDefinition(id, name, "", serviceId, null, "", "", null, "", false, "127.0.0.1:1", "", false,
                null, Duration.ofSeconds(30), null, status, 0, 0, null);
    }
}
