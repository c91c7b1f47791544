package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.operator.Operator;
import io.proconsul.raft.RaftStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/operator/raft/*} and {@code /v1/operator/autopilot/*} against the real Raft store of a
 * single-server agent in -dev: the configuration names this server as leader and voter, autopilot's
 * settings round-trip with check-and-set, and health and state agree with each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorRaftIT {

    private AgentConfig config;
    private InProcessEventBus bus;
    private RaftStore store;
    private HttpServer server;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        config = TestConfigs.dev(dataDir.toString(), AgentConfig.Limits.DEFAULTS);
        bus = new InProcessEventBus();
        store = new RaftStore(config, bus);
        store.start();
        server = new HttpServer(config, store, null, null, store, null);
        server.start();
        http = new TestClient(server.port());
        Retry.untilPasses(Duration.ofSeconds(20), () -> assertThat(store.leader()).isPresent());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void raftConfigurationNamesThisServerLeaderAndVoter() throws Exception {
        String leader = StoreFixture.json(http.get("/v1/status/leader")).asText();
        for (String query : new String[] {"", "?stale"}) {
            HttpResponse<String> r = http.get("/v1/operator/raft/configuration" + query);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = StoreFixture.json(r);
            assertThat(body.get("Index").asLong()).isPositive();
            JsonNode s = body.get("Servers").get(0);
            List<String> fields = new ArrayList<>();
            s.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("ID", "Node", "Address", "Leader", "ProtocolVersion", "Voter",
                    "LastIndex");
            assertThat(s.get("ID").asText()).isEqualTo(config.nodeId());
            assertThat(s.get("Node").asText()).isEqualTo(config.nodeName());
            assertThat(s.get("Address").asText()).isEqualTo(leader);
            assertThat(s.get("Leader").asBoolean()).isTrue();
            assertThat(s.get("Voter").asBoolean()).isTrue();
            assertThat(s.get("ProtocolVersion").asText()).isEqualTo("3");
        }
    }

    @Test
    void autopilotConfigurationRoundTripsWithCheckAndSet() throws Exception {
        JsonNode before = StoreFixture.json(http.get("/v1/operator/autopilot/configuration"));
        assertThat(before.get("LastContactThreshold").isTextual()).isTrue();
        assertThat(before.get("RedundancyZoneTag").asText()).isEmpty();
        String body = "{\"CleanupDeadServers\": false, \"LastContactThreshold\": \"1s\", \"MaxTrailingLogs\": 99,"
                + " \"MinQuorum\": 1, \"ServerStabilizationTime\": \"30s\"}";
        assertThat(http.put("/v1/operator/autopilot/configuration", body).body().trim()).isEqualTo("true");
        JsonNode after = StoreFixture.json(http.get("/v1/operator/autopilot/configuration"));
        assertThat(after.get("CleanupDeadServers").asBoolean()).isFalse();
        assertThat(after.get("LastContactThreshold").asText()).isEqualTo("1s");
        assertThat(after.get("MaxTrailingLogs").asLong()).isEqualTo(99);
        assertThat(after.get("MinQuorum").asInt()).isEqualTo(1);
        assertThat(after.get("ServerStabilizationTime").asText()).isEqualTo("30s");
        long index = after.get("ModifyIndex").asLong();
        assertThat(index).isPositive();

        assertThat(http.put("/v1/operator/autopilot/configuration?cas=" + (index - 1), "{}").body().trim())
                .isEqualTo("false");
        assertThat(http.put("/v1/operator/autopilot/configuration?cas=" + index, "{}").body().trim())
                .isEqualTo("true");
        JsonNode reset = StoreFixture.json(http.get("/v1/operator/autopilot/configuration"));
        assertThat(reset.get("CleanupDeadServers").asBoolean()).isTrue();
        assertThat(reset.get("LastContactThreshold").asText()).isEqualTo("200ms");
    }

    @Test
    void healthAndStateDescribeTheSameHealthyLeader() throws Exception {
        Retry.untilPasses(Duration.ofSeconds(20), () -> {
            HttpResponse<String> r = http.get("/v1/operator/autopilot/health");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode health = StoreFixture.json(r);
            assertThat(health.get("Healthy").asBoolean()).isTrue();
            JsonNode s = health.get("Servers").get(0);
            assertThat(s.get("ID").asText()).isEqualTo(config.nodeId());
            assertThat(s.get("Leader").asBoolean()).isTrue();
            assertThat(s.get("Voter").asBoolean()).isTrue();
            assertThat(s.get("LastContact").asText()).matches("[0-9.]+(ns|\u00b5s|ms|s|m|h)|0s");
            assertThat(s.get("StableSince").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        });
        JsonNode state = StoreFixture.json(http.get("/v1/operator/autopilot/state"));
        assertThat(state.get("Healthy").asBoolean()).isTrue();
        assertThat(state.get("Leader").asText()).isEqualTo(config.nodeId());
        assertThat(state.get("Voters").get(0).asText()).isEqualTo(config.nodeId());
        JsonNode me = state.get("Servers").get(config.nodeId());
        assertThat(me.get("Status").asText()).isEqualTo("leader");
        assertThat(me.get("NodeType").asText()).isEqualTo("voter");
        assertThat(state.get("OptimisticFailureTolerance").asInt()).isEqualTo(state.get("FailureTolerance").asInt());
    }

    @Test
    void aRealConsulClientReadsTheRaftConfiguration() {
        org.kiwiproject.consul.Consul consul = org.kiwiproject.consul.Consul.builder()
                .withUrl("http://127.0.0.1:" + server.port()).build();
        try {
            org.kiwiproject.consul.model.operator.RaftConfiguration c = consul.operatorClient().getRaftConfiguration();
            assertThat(c.servers()).singleElement().satisfies(s -> {
                assertThat(s.id()).isEqualTo(config.nodeId());
                assertThat(s.leader()).isTrue();
                assertThat(s.voter()).isTrue();
            });
            assertThat(c.index()).isPositive();
        } finally {
            consul.destroy();
        }
    }

    @Test
    void removingAnUnknownPeerIsTheOperatorsError() throws Exception {
        HttpResponse<String> r = http.delete("/v1/operator/raft/peer?address=10.255.255.1:8300");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("10.255.255.1:8300").contains("not found in the Raft configuration");
    }
}
