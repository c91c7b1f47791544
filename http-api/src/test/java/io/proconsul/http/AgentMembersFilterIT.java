package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.serf.SerfPool;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/agent/members?filter=} (Consul's bexpr over serf members) on a real server whose LAN pool a
 * real client pool joined.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentMembersFilterIT {

    private final GossipServer agent = new GossipServer();
    private final GossipPools gossip = agent.gossip();
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent.start(dataDir);
        SerfPool client = gossip.lan("cli1", false);
        assertThat(client.join(List.of(GossipPools.address(agent.lan()))).get()).isEqualTo(1);
        http = new TestClient(agent.port());
        Retry.untilPasses(Duration.ofSeconds(15),
                () -> assertThat(names("")).containsExactlyInAnyOrder("node1", "cli1"));
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void filterSelectsOnTagsNameStatusAndPort() throws Exception {
        assertThat(names("Tags.role == \"node\"")).containsExactly("cli1");
        assertThat(names("Tags.role == consul and Status == 1")).containsExactly("node1");
        assertThat(names("Name matches \"^cli\" or Port == 0")).containsExactly("cli1");
        assertThat(names("\"dc\" in Tags")).containsExactlyInAnyOrder("node1", "cli1");
        assertThat(names("Status != 1")).isEmpty();
        assertThat(names("Addr == \"127.0.0.1\" and ProtocolCur == 2")).containsExactlyInAnyOrder("node1", "cli1");
    }

    @Test
    void wanMembersAreFilteredToo() throws Exception {
        assertThat(names("Name == \"node1.dc1\"", "&wan=1")).containsExactly("node1.dc1");
        assertThat(names("Name == \"other\"", "&wan=1")).isEmpty();
    }

    @Test
    void badFilterIsConsulsUnwrappedError() throws Exception {
        HttpResponse<String> r = http.get("/v1/agent/members?filter=" + encode("Nope == 1"));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("Failed to create boolean expression evaluator: Selector \"Nope\" is not valid");
        HttpResponse<String> syntax = http.get("/v1/agent/members?filter=" + encode("Name =="));
        assertThat(syntax.statusCode()).isEqualTo(500);
        assertThat(syntax.body()).startsWith("Failed to create boolean expression evaluator: ");
    }

    private List<String> names(String filter) throws Exception {
        return names(filter, "");
    }

    private List<String> names(String filter, String more) throws Exception {
        HttpResponse<String> r = http.get("/v1/agent/members?filter=" + encode(filter) + more);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode members = StoreFixture.json(r);
        return members.findValuesAsText("Name");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
