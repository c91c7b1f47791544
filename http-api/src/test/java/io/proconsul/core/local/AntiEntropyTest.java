package io.proconsul.core.local;

import static io.proconsul.core.local.LocalAgents.service;
import static io.proconsul.core.local.LocalAgents.ttl;
import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.http.Retry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Anti-entropy against a real Raft store's catalog: pushes changes, repairs and prunes what it finds. */
class AntiEntropyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final LocalAgents env = new LocalAgents();
    private LocalAgent agent;

    @Test
    void registersTheNodeWithItsAddressesAndMeta() throws Exception {
        agent = env.start();
        Retry.untilPasses(WAIT, () -> {
            NodeServices n = nodeInfo().orElseThrow();
            assertThat(n.node().id()).isEqualTo(env.base.nodeId());
            assertThat(n.node().address()).isEqualTo("127.0.0.1");
            assertThat(n.node().taggedAddresses()).isEqualTo(Map.of("lan", "127.0.0.1", "lan_ipv4", "127.0.0.1",
                    "wan", "127.0.0.1", "wan_ipv4", "127.0.0.1"));
            assertThat(n.node().meta()).containsEntry("consul-network-segment", "");
        });
    }

    @Test
    void pushesServicesChecksAndTheirChanges() throws Exception {
        agent = env.start();
        agent.addService(service("web", "web", List.of(ttl("web-ttl", "web ttl", Duration.ofMinutes(5)))), false,
                DefinitionSource.API);
        agent.updateTtl("web-ttl", HealthStatus.PASSING, "ok");
        Retry.untilPasses(WAIT, () -> {
            assertThat(nodeInfo().orElseThrow().services()).extracting(NodeService::id).containsExactly("web");
            HealthCheck c = check("web-ttl").orElseThrow();
            assertThat(c.status()).isEqualTo(HealthStatus.PASSING);
            assertThat(c.output()).isEqualTo("ok");
            assertThat(c.serviceName()).isEqualTo("web");
        });

        agent.updateTtl("web-ttl", HealthStatus.WARNING, "slow");
        Retry.untilPasses(WAIT, () -> assertThat(check("web-ttl").orElseThrow().status()).isEqualTo("warning"));

        agent.removeService("web");
        Retry.untilPasses(WAIT, () -> {
            assertThat(nodeInfo().orElseThrow().services()).isEmpty();
            assertThat(check("web-ttl")).isEmpty();
        });
    }

    @Test
    void repairsACatalogEntryDeletedBehindItsBack() throws Exception {
        agent = env.start(env.config(List.of(), List.of(), false, false), Duration.ofMillis(500));
        agent.addService(service("web", "web", List.of(ttl("web-ttl", "web ttl", Duration.ofMinutes(5)))), false,
                DefinitionSource.API);
        Retry.untilPasses(WAIT, () -> assertThat(check("web-ttl")).isPresent());

        // No assertion that it is gone in between: the next sync may already have put it back.
        assertThat(env.store.apply(CatalogDeregister.service("node1", "web")).get(10, TimeUnit.SECONDS)).isTrue();
        long before = agent.completedSyncs();
        Retry.untilPasses(WAIT, () -> {
            assertThat(agent.completedSyncs()).isGreaterThan(before);
            assertThat(nodeInfo().orElseThrow().services()).extracting(NodeService::id).containsExactly("web");
            assertThat(check("web-ttl")).isPresent();
        });
    }

    @Test
    void removesWhatTheAgentDoesNotHaveButKeepsWhatTheLeaderOwns() throws Exception {
        agent = env.start(env.config(List.of(), List.of(), false, false), Duration.ofMillis(500));
        Retry.untilPasses(WAIT, () -> assertThat(nodeInfo()).isPresent());
        NodeService ghost = new NodeService("", "ghost", "ghost", null, null, 1, "", null, null, false, 0, 0);
        HealthCheck ghostCheck = new HealthCheck("node1", "ghost-check", "g", "passing", "", "", "", "", null, "",
                "", "", 0, 0);
        HealthCheck serf = new HealthCheck("node1", HealthStatus.SERF_CHECK_ID, HealthStatus.SERF_CHECK_NAME,
                "passing", "", "Agent alive and reachable", "", "", null, "serf", "", "", 0, 0);
        NodeService consul = new NodeService("", "consul", "consul", null, null, 8300, "", null, null, false, 0, 0);
        env.store.apply(new CatalogRegister("node1", env.base.nodeId(), "127.0.0.1", null, null, ghost,
                List.of(ghostCheck, serf), true)).get(10, TimeUnit.SECONDS);
        env.store.apply(new CatalogRegister("node1", env.base.nodeId(), "127.0.0.1", null, null, consul,
                List.of(), true)).get(10, TimeUnit.SECONDS);
        agent.triggerSync();

        Retry.untilPasses(WAIT, () -> {
            assertThat(nodeInfo().orElseThrow().services()).extracting(NodeService::id).containsExactly("consul");
            assertThat(checks()).extracting(HealthCheck::checkId).containsExactly(HealthStatus.SERF_CHECK_ID);
        });
    }

    @Test
    void outputOnlyChangesWaitForCheckUpdateIntervalStatusChangesDoNot() throws Exception {
        agent = env.start(new LocalAgent(env.config(List.of(), List.of(), false, false), env.store,
                new AntiEntropy.Timing(Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1))));
        agent.addCheck(ttl("beat", "beat", Duration.ofMinutes(5)), DefinitionSource.API);
        agent.updateTtl("beat", HealthStatus.PASSING, "t=1");
        Retry.untilPasses(WAIT, () -> assertThat(check("beat").orElseThrow().output()).isEqualTo("t=1"));

        agent.updateTtl("beat", HealthStatus.PASSING, "t=2");
        assertThat(agent.checks().get("beat").output()).isEqualTo("t=2");
        long seen = agent.completedSyncs();
        agent.triggerSync();
        Retry.untilPasses(WAIT, () -> assertThat(agent.completedSyncs()).isGreaterThan(seen));
        assertThat(check("beat").orElseThrow().output()).isEqualTo("t=1");

        agent.updateTtl("beat", HealthStatus.WARNING, "t=3");
        Retry.untilPasses(WAIT, () -> {
            assertThat(check("beat").orElseThrow().status()).isEqualTo(HealthStatus.WARNING);
            assertThat(check("beat").orElseThrow().output()).isEqualTo("t=3");
        });
    }

    @Test
    void deferredOutputIsWrittenWithinTheInterval() throws Exception {
        agent = env.start(new LocalAgent(env.config(List.of(), List.of(), false, false), env.store,
                new AntiEntropy.Timing(Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(200))));
        agent.addCheck(ttl("beat", "beat", Duration.ofMinutes(5)), DefinitionSource.API);
        agent.updateTtl("beat", HealthStatus.PASSING, "t=1");
        agent.updateTtl("beat", HealthStatus.PASSING, "t=2");
        Retry.untilPasses(WAIT, () -> assertThat(check("beat").orElseThrow().output()).isEqualTo("t=2"));
    }

    @Test
    void enableTagOverrideTakesTheCatalogsTags() throws Exception {
        agent = env.start(env.config(List.of(), List.of(), false, false), Duration.ofMillis(500));
        ServiceDefinition def = new ServiceDefinition("", "tagged", "tagged", List.of("local"), "", null, null, 80,
                null, true, List.of());
        agent.addService(def, false, DefinitionSource.API);
        Retry.untilPasses(WAIT,
                () -> assertThat(catalogService("tagged").orElseThrow().tags()).containsExactly("local"));

        NodeService retagged = catalogService("tagged").orElseThrow().withTags(List.of("from-catalog"));
        env.store.apply(new CatalogRegister("node1", env.base.nodeId(), "127.0.0.1", null, null, retagged,
                List.of(), true)).get(10, TimeUnit.SECONDS);
        Retry.untilPasses(WAIT,
                () -> assertThat(agent.services().get("tagged").tags()).containsExactly("from-catalog"));
        long seen = agent.completedSyncs();
        Retry.untilPasses(WAIT, () -> assertThat(agent.completedSyncs()).isGreaterThan(seen + 1));
        assertThat(catalogService("tagged").orElseThrow().tags()).containsExactly("from-catalog");
    }

    private Optional<NodeService> catalogService(String id) throws Exception {
        return nodeInfo().orElseThrow().services().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private Optional<NodeServices> nodeInfo() throws Exception {
        return env.store.query(new NodeInfo("node1"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value();
    }

    private List<HealthCheck> checks() throws Exception {
        return env.store.query(new NodeChecks("node1"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value();
    }

    private Optional<HealthCheck> check(String id) throws Exception {
        return checks().stream().filter(c -> c.checkId().equals(id)).findFirst();
    }
}
