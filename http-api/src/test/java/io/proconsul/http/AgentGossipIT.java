package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.SerfPool;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/agent/members}, {@code join}, {@code force-leave}, {@code leave} and the gossip parts of
 * {@code /v1/agent/self}, on a real server (Raft store in -dev) whose HTTP API is backed by real serf pools
 * on loopback, with other real pools joining and failing around it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentGossipIT {

    private static final Duration CONVERGE = Duration.ofSeconds(15);

    private final GossipServer agent = new GossipServer();
    private final GossipPools gossip = agent.gossip();
    private SerfPool lan;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        lan = agent.start(dataDir).lan();
        http = new TestClient(agent.port());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void membersListsTheLanPoolInConsulsShape() throws Exception {
        HttpResponse<String> r = http.get("/v1/agent/members?pretty");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Consul-Index")).isEmpty();
        JsonNode self = member(StoreFixture.json(r), "node1").orElseThrow();
        List<String> fields = new ArrayList<>();
        self.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("Name", "Addr", "Port", "Tags", "Status", "ProtocolMin", "ProtocolMax",
                "ProtocolCur", "DelegateMin", "DelegateMax", "DelegateCur");
        assertThat(self.get("Addr").asText()).isEqualTo("127.0.0.1");
        assertThat(self.get("Port").asInt()).isEqualTo(lan.boundPort());
        assertThat(self.get("Status").asInt()).isEqualTo(1);
        List<String> tagKeys = new ArrayList<>();
        self.get("Tags").fieldNames().forEachRemaining(tagKeys::add);
        assertThat(tagKeys).contains("role", "dc").isSorted();
        assertThat(self.get("Tags").get("role").asText()).isEqualTo("consul");
        assertThat(self.get("ProtocolMax").asInt()).isEqualTo(5);
        assertThat(self.get("DelegateCur").asInt()).isEqualTo(4);
    }

    @Test
    void wanMembersAndSegments() throws Exception {
        JsonNode wanMembers = StoreFixture.json(http.get("/v1/agent/members?wan=1"));
        assertThat(member(wanMembers, "node1.dc1")).isPresent();
        assertThat(http.get("/v1/agent/members?wan=1&segment=_all").statusCode()).isEqualTo(200);
        assertThat(http.get("/v1/agent/members?segment=_all").statusCode()).isEqualTo(200);
        HttpResponse<String> both = http.get("/v1/agent/members?wan=1&segment=alpha");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).isEqualTo("Cannot provide a segment with wan=true");
        HttpResponse<String> segment = http.get("/v1/agent/members?segment=alpha");
        assertThat(segment.statusCode()).isEqualTo(500);
        assertThat(segment.body()).isEqualTo("Network segments are not supported in this version of Consul");
    }

    @Test
    void joinMergesAnotherAgentAndFailureTextsAreSerfs() throws Exception {
        SerfPool other = gossip.lan("joiner", false);
        HttpResponse<String> r = http.put("/v1/agent/join/" + GossipPools.address(other), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        Retry.untilPasses(CONVERGE, () -> {
            JsonNode joiner = member(StoreFixture.json(http.get("/v1/agent/members")), "joiner").orElseThrow();
            assertThat(joiner.get("Status").asInt()).isEqualTo(1);
            assertThat(joiner.get("Tags").get("role").asText()).isEqualTo("node");
        });
        HttpResponse<String> bad = http.put("/v1/agent/join/127.0.0.1:1", null);
        assertThat(bad.statusCode()).isEqualTo(500);
        assertThat(bad.body()).contains("Failed to join 127.0.0.1:1");
        assertThat(http.get("/v1/agent/join/127.0.0.1:1").statusCode()).isEqualTo(405);
    }

    @Test
    void forceLeaveTurnsAFailedMemberLeftAndPruneForgetsIt() throws Exception {
        SerfPool doomed = gossip.lan("doomed", false);
        SerfPool pruned = gossip.lan("pruned", false);
        assertThat(doomed.join(List.of(GossipPools.address(lan))).get()).isEqualTo(1);
        assertThat(pruned.join(List.of(GossipPools.address(lan))).get()).isEqualTo(1);
        Retry.untilPasses(CONVERGE, () -> assertThat(status("doomed")).isEqualTo(1));
        Retry.untilPasses(CONVERGE, () -> assertThat(status("pruned")).isEqualTo(1));
        doomed.close();
        pruned.close();
        Retry.untilPasses(CONVERGE, () -> assertThat(status("doomed")).isEqualTo(MemberStatus.FAILED.code()));
        Retry.untilPasses(CONVERGE, () -> assertThat(status("pruned")).isEqualTo(MemberStatus.FAILED.code()));

        assertThat(http.put("/v1/agent/force-leave/doomed", null).statusCode()).isEqualTo(200);
        assertThat(http.put("/v1/agent/force-leave/pruned?prune", null).statusCode()).isEqualTo(200);
        Retry.untilPasses(CONVERGE, () -> {
            assertThat(status("doomed")).isEqualTo(MemberStatus.LEFT.code());
            assertThat(lan.members().stream().map(Member::name)).doesNotContain("pruned");
        });

        HttpResponse<String> unknown = http.put("/v1/agent/force-leave/nobody", null);
        assertThat(unknown.statusCode()).isEqualTo(500);
        assertThat(unknown.body()).isEqualTo("agent: No node found with name 'nobody'");
    }

    @Test
    void selfReportsTheLanMemberAndThePoolsStats() throws Exception {
        JsonNode self = StoreFixture.json(http.get("/v1/agent/self"));
        assertThat(self.get("Member").get("Name").asText()).isEqualTo("node1");
        assertThat(self.get("Member").get("Port").asInt()).isEqualTo(lan.boundPort());
        assertThat(self.get("Member").get("Tags").get("port").asText()).isEqualTo("8300");
        assertThat(self.get("Stats").get("serf_wan").get("members").asText()).isEqualTo("1");
        assertThat(self.get("Stats").get("consul").get("known_datacenters").asText()).isEqualTo("1");
        // Other tests change the LAN pool meanwhile: compare with the pool's own numbers once they hold still.
        Retry.untilPasses(CONVERGE, () -> {
            JsonNode serfLan = StoreFixture.json(http.get("/v1/agent/self")).get("Stats").get("serf_lan");
            assertThat(serfLan.get("members").asText()).isEqualTo(Integer.toString(lan.members().size()));
            assertThat(serfLan.get("member_time").asText()).isEqualTo(lan.stats().get("member_time"));
        });
    }

    /** Leaving shuts the agent down after answering; its former peers see it as left, not failed. */
    @Test
    void leaveIsGracefulAndThenShutsDown(@TempDir Path dir) throws Exception {
        SerfPool leaver = gossip.lan("leaver", false);
        SerfPool watcher = gossip.lan("watcher", false);
        assertThat(watcher.join(List.of(GossipPools.address(leaver))).get()).isEqualTo(1);
        CountDownLatch shutdown = new CountDownLatch(1);
        AgentConfig config = TestConfigs.dev(dir.toString(), AgentConfig.Limits.DEFAULTS);
        HttpServer leaving = new HttpServer(config, null, leaver, null, null, shutdown::countDown);
        leaving.start();
        try {
            TestClient client = new TestClient(leaving.port());
            assertThat(client.get("/v1/agent/leave").statusCode()).isEqualTo(405);
            HttpResponse<String> r = client.put("/v1/agent/leave", null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
            assertThat(shutdown.await(CONVERGE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Retry.untilPasses(CONVERGE, () -> assertThat(watcher.members().stream()
                    .filter(m -> m.name().equals("leaver")).map(Member::status))
                    .containsExactly(MemberStatus.LEFT));
        } finally {
            leaving.close();
        }
    }

    private int status(String node) throws Exception {
        return member(StoreFixture.json(http.get("/v1/agent/members")), node)
                .map(m -> m.get("Status").asInt()).orElse(-1);
    }

    private static Optional<JsonNode> member(JsonNode members, String name) {
        for (JsonNode m : members) {
            if (m.get("Name").asText().equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
