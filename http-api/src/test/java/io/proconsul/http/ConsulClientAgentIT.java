package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.config.AgentConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kiwiproject.consul.AgentClient;
import org.kiwiproject.consul.NotRegisteredException;
import org.kiwiproject.consul.model.agent.FullService;
import org.kiwiproject.consul.model.health.HealthCheck;
import org.kiwiproject.consul.model.health.Service;
import org.kiwiproject.consul.option.Options;

/**
 * The kiwiproject Consul client, unchanged, through its agent API (the way a Java service registers
 * itself with a TTL check and heartbeats it) against this agent's local state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsulClientAgentIT {

    private StoreFixture fixture;
    private AgentClient agent;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        fixture = new StoreFixture(dataDir, true, AgentConfig.Limits.DEFAULTS, true, null);
        agent = fixture.consul().agentClient();
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void registerHeartbeatAndDeregister() throws Exception {
        agent.register(8080, 30L, "billing", "billing-1", List.of("blue"), Map.of("team", "money"));
        assertThat(agent.isRegistered("billing-1")).isTrue();
        Service s = agent.getServices().get("billing-1");
        assertThat(s.getService()).isEqualTo("billing");
        assertThat(s.getPort()).isEqualTo(8080);
        assertThat(s.getTags()).containsExactly("blue");
        assertThat(s.getMeta()).containsEntry("team", "money");

        agent.pass("billing-1", "heartbeat");
        HealthCheck check = agent.getChecks().get("service:billing-1");
        assertThat(check.getStatus()).isEqualTo("passing");
        assertThat(check.getOutput()).hasValue("heartbeat");
        assertThat(check.getServiceId()).hasValue("billing-1");
        agent.warn("billing-1", "slow");
        assertThat(agent.getChecks().get("service:billing-1").getStatus()).isEqualTo("warning");

        FullService full = agent.getService("billing-1", Options.BLANK_QUERY_OPTIONS).getResponse();
        assertThat(full.getContentHash()).isNotEmpty();
        assertThat(full.getPort()).isEqualTo(8080);

        agent.toggleMaintenanceMode("billing-1", true, "deploying");
        assertThat(agent.getChecks().get("_service_maintenance:billing-1").getNotes()).hasValue("deploying");
        agent.toggleMaintenanceMode("billing-1", false);
        assertThat(agent.getChecks()).doesNotContainKey("_service_maintenance:billing-1");

        agent.deregister("billing-1");
        assertThat(agent.isRegistered("billing-1")).isFalse();
        assertThrows(NotRegisteredException.class, () -> agent.pass("billing-1"));
    }

    @Test
    void nodeLevelTtlCheck() throws Exception {
        agent.registerCheck("disk", "Disk space", 60L);
        agent.passCheck("disk", "42% used");
        assertThat(agent.getChecks().get("disk").getOutput()).hasValue("42% used");
        agent.failCheck("disk");
        assertThat(agent.getChecks().get("disk").getStatus()).isEqualTo("critical");
        agent.deregisterCheck("disk");
        assertThat(agent.getChecks()).doesNotContainKey("disk");
    }
}
