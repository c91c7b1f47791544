package io.proconsul.core.local;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.http.Retry;
import io.proconsul.http.TestConfigs;
import io.proconsul.raft.RaftStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Test wiring for {@link LocalAgent}: a real single-server {@link RaftStore} (dev mode) in a temporary
 * directory, and agents over it with their discovery keys and anti-entropy timing.
 */
final class LocalAgents implements AutoCloseable {

    final AgentConfig base;
    final InProcessEventBus bus = new InProcessEventBus();
    final RaftStore store;

    LocalAgents(Path dataDir) throws Exception {
        base = TestConfigs.dev(dataDir.toString(), AgentConfig.Limits.DEFAULTS);
        store = new RaftStore(base, bus);
        store.start();
        Retry.untilPasses(Duration.ofSeconds(20), () -> {
            if (store.leader().isEmpty()) {
                throw new AssertionError("no leader yet");
            }
        });
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
        LocalAgent a = new LocalAgent(config, store, new AntiEntropy.Timing(interval, interval.dividedBy(5)));
        a.start();
        return a;
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

    @Override
    public void close() {
        store.close();
        bus.close();
    }
}
