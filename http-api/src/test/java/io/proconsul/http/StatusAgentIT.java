package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.Version;
import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/status/*} and {@code /v1/agent/self} against a real single-server RaftStore in -dev. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusAgentIT {

    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, true, AgentConfig.Limits.DEFAULTS);
        http = agent.http;
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void leaderIsAJsonStringAndAmongThePeers() throws Exception {
        HttpResponse<String> leader = http.get("/v1/status/leader");
        assertThat(leader.statusCode()).isEqualTo(200);
        assertThat(leader.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(leader.headers().firstValue("X-Consul-Index")).isEmpty();
        String addr = StoreFixture.json(leader).asText();
        assertThat(addr).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(leader.body()).isEqualTo("\"" + addr + "\"\n");
        JsonNode peers = StoreFixture.json(http.get("/v1/status/peers"));
        assertThat(peers.isArray()).isTrue();
        List<String> list = new ArrayList<>();
        peers.forEach(p -> list.add(p.asText()));
        assertThat(list).containsExactly(addr);
    }

    @Test
    void agentSelfHasConsulsSections() throws Exception {
        HttpResponse<String> r = http.get("/v1/agent/self");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode self = StoreFixture.json(r);
        List<String> sections = new ArrayList<>();
        self.fieldNames().forEachRemaining(sections::add);
        assertThat(sections).containsExactly("Config", "DebugConfig", "Coord", "Member", "Stats", "Meta");
        JsonNode config = self.get("Config");
        assertThat(config.get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(config.get("PrimaryDatacenter").asText()).isEqualTo("dc1");
        assertThat(config.get("NodeName").asText()).isEqualTo("node1");
        assertThat(config.get("Server").asBoolean()).isTrue();
        assertThat(config.get("Version").asText()).isEqualTo(Version.CONSUL);
        assertThat(config.get("Revision").asText()).isEqualTo(Version.REVISION);
        assertThat(self.get("Coord").isNull()).isTrue();
        JsonNode member = self.get("Member");
        assertThat(member.get("Addr").asText()).isEqualTo("127.0.0.1");
        assertThat(member.get("Status").asInt()).isEqualTo(1);
        assertThat(member.get("Tags").get("role").asText()).isEqualTo("consul");
        assertThat(member.get("Tags").get("dc").asText()).isEqualTo("dc1");
        JsonNode stats = self.get("Stats");
        List<String> statNames = new ArrayList<>();
        stats.fieldNames().forEachRemaining(statNames::add);
        assertThat(statNames).containsExactly("agent", "build", "consul", "raft", "runtime", "serf_lan", "serf_wan");
        assertThat(stats.get("consul").get("leader").asText()).isEqualTo("true");
        assertThat(stats.get("consul").get("leader_addr").asText())
                .isEqualTo(StoreFixture.json(http.get("/v1/status/leader")).asText());
        assertThat(stats.get("build").get("version").asText()).isEqualTo(Version.CONSUL);
        assertThat(Integer.parseInt(stats.get("runtime").get("cpu_count").asText())).isPositive();
        assertThat(stats.get("raft").size()).isPositive();
        assertThat(self.get("Meta").get("consul-version").asText()).isEqualTo(Version.CONSUL);
        assertThat(self.get("DebugConfig").get("DevMode").asBoolean()).isTrue();
    }

    @Test
    void devModeAnswersArePretty() throws Exception {
        assertThat(http.get("/v1/agent/self").body()).startsWith("{\n    \"Config\": {\n        \"Datacenter\": \"dc1\",");
    }
}
