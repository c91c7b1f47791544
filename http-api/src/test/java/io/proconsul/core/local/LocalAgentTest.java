package io.proconsul.core.local;

import static io.proconsul.core.local.LocalAgents.script;
import static io.proconsul.core.local.LocalAgents.service;
import static io.proconsul.core.local.LocalAgents.tcp;
import static io.proconsul.core.local.LocalAgents.ttl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.http.Retry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LocalAgent}'s local state: registration, TTL updates, maintenance, script gating, persistence, reload. */
class LocalAgentTest {

    @RegisterExtension
    final LocalAgents env = new LocalAgents();
    private LocalAgent agent;

    @Test
    void serviceChecksGetConsulsDefaultIdsAndNames() {
        agent = env.start();
        agent.addService(service("web1", "web", List.of(ttl("", "", Duration.ofMinutes(1)),
                tcp("", "", "", ""))), false, DefinitionSource.API);
        agent.addService(service("", "db", List.of(ttl("", "", Duration.ofMinutes(1)))), false,
                DefinitionSource.API);

        assertThat(agent.services()).containsOnlyKeys("web1", "db");
        assertThat(agent.checks()).containsOnlyKeys("service:web1:1", "service:web1:2", "service:db");
        HealthCheck c = agent.checks().get("service:db");
        assertThat(c.name()).isEqualTo("Service 'db' check");
        assertThat(c.node()).isEqualTo("node1");
        assertThat(c.serviceId()).isEqualTo("db");
        assertThat(c.serviceName()).isEqualTo("db");
        assertThat(c.serviceTags()).containsExactly("v1");
        assertThat(c.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(c.type()).isEqualTo("ttl");
        assertThat(agent.checks().get("service:web1:2").interval()).isEqualTo("30s");
    }

    @Test
    void replaceExistingChecksDropsTheOthers() {
        agent = env.start();
        agent.addService(service("web", "web", List.of(ttl("a", "a", Duration.ofMinutes(1)),
                ttl("b", "b", Duration.ofMinutes(1)))), false, DefinitionSource.API);
        agent.addService(service("web", "web", List.of(ttl("a", "a", Duration.ofMinutes(1)))), false,
                DefinitionSource.API);
        assertThat(agent.checks()).containsOnlyKeys("a", "b");
        agent.addService(service("web", "web", List.of(ttl("a", "a", Duration.ofMinutes(1)))), true,
                DefinitionSource.API);
        assertThat(agent.checks()).containsOnlyKeys("a");
    }

    @Test
    void ttlUpdatesAndConsulsErrors() {
        agent = env.start();
        agent.addCheck(ttl("mem", "Memory", Duration.ofMinutes(1)), DefinitionSource.API);
        agent.updateTtl("mem", HealthStatus.WARNING, "85% used");
        assertThat(agent.checks().get("mem").status()).isEqualTo(HealthStatus.WARNING);
        assertThat(agent.checks().get("mem").output()).isEqualTo("85% used");

        NotRegisteredException unknown = assertThrows(NotRegisteredException.class,
                () -> agent.updateTtl("Memory", HealthStatus.PASSING, ""));
        assertThat(unknown).hasMessage(
                "Unknown check ID \"Memory\". Ensure that the check ID is passed, not the check name.");

        agent.addCheck(tcp("port", "port", "", ""), DefinitionSource.API);
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> agent.updateTtl("port", HealthStatus.PASSING, ""))).hasMessage(
                "CheckID \"port\" does not have associated TTL");
    }

    @Test
    void ttlExpiresToCritical() throws Exception {
        agent = env.start();
        agent.addCheck(ttl("short", "short", Duration.ofMillis(300)), DefinitionSource.API);
        agent.updateTtl("short", HealthStatus.PASSING, "fine");
        Retry.untilPasses(Duration.ofSeconds(10), () ->
                assertThat(agent.checks().get("short").status()).isEqualTo(HealthStatus.CRITICAL));
        assertThat(agent.checks().get("short").output()).startsWith("TTL expired");
    }

    @Test
    void scriptChecksNeedTheirSwitch() {
        agent = env.start();
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> agent.addCheck(script("s", "s"), DefinitionSource.API))).hasMessage(
                "Scripts are disabled on this agent from remote calls; to enable, configure "
                        + "'enable_script_checks' to true");
        assertThat(agent.checks()).isEmpty();
        agent.close();

        AgentConfig fileScript = env.config(List.of(), List.of(script("s", "s")), false, false);
        LocalAgent refused = new LocalAgent(fileScript, env.store);
        assertThat(assertThrows(IllegalArgumentException.class, refused::start)).hasMessage(
                "Scripts are disabled on this agent; to enable, configure 'enable_script_checks' or "
                        + "'enable_local_script_checks' to true");
        refused.close();

        agent = env.start(env.config(List.of(), List.of(script("s", "s")), false, true), Duration.ofMinutes(1));
        assertThat(agent.checks()).containsOnlyKeys("s");
        assertThrows(IllegalArgumentException.class, () -> agent.addCheck(script("t", "t"), DefinitionSource.API));
    }

    @Test
    void maintenanceChecksCarryConsulsNamesAndNotes() {
        agent = env.start();
        agent.addService(service("web", "web", List.of()), false, DefinitionSource.API);
        agent.enableNodeMaintenance("");
        agent.enableServiceMaintenance("web", "deploying");

        HealthCheck node = agent.checks().get("_node_maintenance");
        assertThat(node.name()).isEqualTo("Node Maintenance Mode");
        assertThat(node.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(node.notes()).isEqualTo(
                "Maintenance mode is enabled for this node, but no reason was provided. This is a default message.");
        HealthCheck svc = agent.checks().get("_service_maintenance:web");
        assertThat(svc.name()).isEqualTo("Service Maintenance Mode");
        assertThat(svc.notes()).isEqualTo("deploying");
        assertThat(svc.serviceId()).isEqualTo("web");
        assertThat(agent.checksForService("web")).extracting(HealthCheck::checkId)
                .containsExactlyInAnyOrder("_node_maintenance", "_service_maintenance:web");

        assertThat(assertThrows(NotRegisteredException.class, () -> agent.enableServiceMaintenance("nope", "")))
                .hasMessage("No service registered with ID \"nope\"");
        agent.disableNodeMaintenance();
        agent.disableServiceMaintenance("web");
        assertThat(agent.checks()).isEmpty();
    }

    @Test
    void apiEntriesAndTtlStateSurviveARestartFileOnesAreNotPersisted() throws Exception {
        AgentConfig withFileService = env.config(List.of(service("file", "file", List.of())), List.of(), false,
                false);
        agent = env.start(withFileService, Duration.ofMinutes(1));
        agent.addService(service("api", "api", List.of(ttl("api-ttl", "api ttl", Duration.ofMinutes(5)))), false,
                DefinitionSource.API);
        agent.updateTtl("api-ttl", HealthStatus.PASSING, "all good");
        agent.enableNodeMaintenance("moving racks");
        agent.close();
        try (var files = Files.list(Path.of(env.base.dataDir(), "services"))) {
            assertThat(files.count()).isEqualTo(1);
        }

        agent = env.start(env.config(List.of(), List.of(), false, false), Duration.ofMinutes(1));
        assertThat(agent.services()).containsOnlyKeys("api");
        HealthCheck restored = agent.checks().get("api-ttl");
        assertThat(restored.status()).isEqualTo(HealthStatus.PASSING);
        assertThat(restored.output()).isEqualTo("all good");
        assertThat(agent.checks().get("_node_maintenance").notes()).isEqualTo("moving racks");
        agent.updateTtl("api-ttl", HealthStatus.WARNING, "slow");

        agent.removeService("api");
        agent.close();
        agent = env.start();
        assertThat(agent.services()).isEmpty();
        assertThat(agent.checks()).containsOnlyKeys("_node_maintenance");
    }

    @Test
    void aPersistedScriptCheckIsNotRestoredOnceScriptsAreOff() {
        agent = env.start(env.config(List.of(), List.of(), true, false), Duration.ofMinutes(1));
        agent.addCheck(script("s", "s"), DefinitionSource.API);
        agent.addCheck(ttl("t", "t", Duration.ofMinutes(5)), DefinitionSource.API);
        agent.close();

        agent = env.start();
        assertThat(agent.checks()).containsOnlyKeys("t");
    }

    @Test
    void reloadReplacesFileDefinedEntriesOnly() {
        CheckDefinition bTtl = ttl("b-ttl", "b ttl", Duration.ofMinutes(5));
        agent = env.start(env.config(List.of(service("a", "a", List.of()), service("b", "b", List.of(bTtl))),
                List.of(ttl("node-ttl", "node ttl", Duration.ofMinutes(5))), false, false), Duration.ofMinutes(1));
        agent.addService(service("api", "api", List.of()), false, DefinitionSource.API);
        agent.updateTtl("b-ttl", HealthStatus.PASSING, "kept");

        ServiceDefinition b2 = new ServiceDefinition("", "b", "b", List.of("v2"), "", null, null, 9090, null, false,
                List.of(bTtl));
        agent.reload(List.of(b2, service("c", "c", List.of())), List.of());

        assertThat(agent.services()).containsOnlyKeys("api", "b", "c");
        assertThat(agent.services().get("b").port()).isEqualTo(9090);
        assertThat(agent.checks()).containsOnlyKeys("b-ttl");
        assertThat(agent.checks().get("b-ttl").status()).isEqualTo(HealthStatus.PASSING);
        assertThat(agent.checks().get("b-ttl").output()).isEqualTo("kept");
        assertThat(agent.checks().get("b-ttl").serviceTags()).containsExactly("v2");

        assertThrows(IllegalArgumentException.class,
                () -> agent.reload(List.of(), List.of(script("s", "s"))));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> agent.reload(List.of(), List.of(tcp("t", "t", "b", ""))))).hasMessage(
                "ServiceID \"b\" does not exist");
        assertThat(agent.services()).containsOnlyKeys("api", "b", "c");
        assertThat(agent.checks()).containsOnlyKeys("b-ttl");
    }

    @Test
    void servicesCriticalForTooLongAreDeregistered() throws Exception {
        CheckDefinition reaped = new CheckDefinition("doomed-ttl", "d", "", "", null, "", "", null, "", false, "",
                "", false, Duration.ofMinutes(5), null, null, "", 0, 0, Duration.ofMillis(300));
        // Passing from the start, so a slow machine cannot leave it critical for long enough to be reaped.
        CheckDefinition spared = new CheckDefinition("fine-ttl", "f", "", "", null, "", "", null, "", false, "", "",
                false, Duration.ofMinutes(5), null, null, "passing", 0, 0, Duration.ofMillis(300));
        agent = env.start(new LocalAgent(env.config(List.of(), List.of(), false, false), env.store,
                AntiEntropy.Timing.DEFAULTS, new CriticalReaper.Timing(Duration.ofMillis(100), Duration.ZERO)));
        agent.addService(service("doomed", "doomed", List.of(reaped)), false, DefinitionSource.API);
        agent.addService(service("fine", "fine", List.of(spared)), false, DefinitionSource.API);

        Retry.untilPasses(Duration.ofSeconds(10), () -> assertThat(agent.services()).doesNotContainKey("doomed"));
        assertThat(agent.services()).containsOnlyKeys("fine");
        assertThat(agent.checks()).containsOnlyKeys("fine-ttl");
    }

    @Test
    void unknownIdsAreConsulsNotFound() {
        agent = env.start();
        assertThat(assertThrows(NotRegisteredException.class, () -> agent.removeService("x"))).hasMessage(
                "Unknown service ID \"x\". Ensure that the service ID is passed, not the service name.");
        assertThat(assertThrows(NotRegisteredException.class, () -> agent.removeCheck("y"))).hasMessage(
                "Unknown check ID \"y\". Ensure that the check ID is passed, not the check name.");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> agent.addCheck(tcp("c", "c", "missing", ""), DefinitionSource.API))).hasMessage(
                "ServiceID \"missing\" does not exist");
    }
}
