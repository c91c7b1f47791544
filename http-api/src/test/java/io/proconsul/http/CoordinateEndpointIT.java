package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v1/coordinate/*} and {@code ?near} end to end: HTTP on a real socket against a real single-server
 * RaftStore. Nodes lie on one axis: near-a at 0, near-c at 1 ms, near-b at 5 ms, the agent's own node at
 * 10 ms; near-d has no coordinate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoordinateEndpointIT {

    private StoreFixture agent;
    private TestClient http;
    private String self;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
        http = agent.http;
        self = agent.config.nodeName();
        int i = 1;
        for (String node : List.of("near-a", "near-b", "near-c", "near-d", self)) {
            agent.catalogRegister("{\"Node\":\"" + node + "\",\"Address\":\"10.7.0." + i++ + "\","
                    + "\"Service\":{\"Service\":\"web\",\"Port\":80},"
                    + "\"Check\":{\"CheckID\":\"web-alive\",\"Name\":\"alive\",\"Status\":\"passing\","
                    + "\"ServiceID\":\"web\"}}");
        }
        update("near-a", 0.0);
        update("near-b", 0.005);
        update("near-c", 0.001);
        update(self, 0.010);
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private static String body(String node, double x, int dimensions) {
        StringBuilder vec = new StringBuilder("[" + x);
        for (int d = 1; d < dimensions; d++) {
            vec.append(",0");
        }
        return "{\"Node\":\"" + node + "\",\"Segment\":\"\",\"Coord\":{\"Vec\":" + vec
                + "],\"Error\":0.2,\"Adjustment\":0,\"Height\":0.00001}}";
    }

    private void update(String node, double x) throws Exception {
        HttpResponse<String> r = http.put("/v1/coordinate/update", body(node, x, 8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void nodesListsEveryCoordinateByNodeNameInConsulsShape() throws Exception {
        HttpResponse<String> r = http.get("/v1/coordinate/nodes");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow())).isPositive();
        JsonNode all = StoreFixture.json(r);
        List<String> expected = new ArrayList<>(List.of("near-a", "near-b", "near-c", self));
        expected.sort(String::compareTo);
        assertThat(CatalogEndpointIT.names(all, "Node")).containsExactlyElementsOf(expected);
        JsonNode b = CatalogEndpointIT.find(all, "Node", "near-b");
        assertThat(b.get("Segment").asText()).isEmpty();
        assertThat(b.get("Coord").get("Vec")).hasSize(8);
        assertThat(b.get("Coord").get("Vec").get(0).asDouble()).isEqualTo(0.005);
        assertThat(b.get("Coord").get("Error").asDouble()).isEqualTo(0.2);
        assertThat(b.get("Coord").get("Height").asDouble()).isEqualTo(0.00001);
        assertThat(b.get("Coord").has("Adjustment")).isTrue();
        assertThat(http.get("/v1/coordinate/nodes?segment=other").body()).isEqualTo("[]");
    }

    @Test
    void nodeIsOneElementOr404() throws Exception {
        HttpResponse<String> r = http.get("/v1/coordinate/node/NEAR-B");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(CatalogEndpointIT.names(StoreFixture.json(r), "Node")).containsExactly("near-b");
        HttpResponse<String> none = http.get("/v1/coordinate/node/near-d");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).isEmpty();
        assertThat(none.headers().firstValue("X-Consul-Index")).isPresent();
    }

    @Test
    void anUpdateForAnUnknownNodeIsAcceptedAndDropped() throws Exception {
        update("nobody", 0.3);
        assertThat(http.get("/v1/coordinate/node/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void badUpdatesAreRefused() throws Exception {
        assertThat(http.put("/v1/coordinate/update", "").body()).isEqualTo("Request decode failed: EOF");
        HttpResponse<String> junk = http.put("/v1/coordinate/update", "{nope");
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(junk.body()).startsWith("Request decode failed: ");
        HttpResponse<String> wrongSize = http.put("/v1/coordinate/update", body("near-a", 0.1, 3));
        assertThat(wrongSize.statusCode()).isEqualTo(500);
        assertThat(wrongSize.body()).startsWith("rejected bad coordinate: ");
        assertThat(http.get("/v1/coordinate/update").statusCode()).isEqualTo(405);
        // Numbers as Go's encoding/json writes them.
        assertThat(http.get("/v1/coordinate/node/near-a").body()).contains("\"Vec\":[0,0,")
                .contains("\"Height\":0.00001");
    }

    @Test
    void datacentersListsThisDatacenter() throws Exception {
        JsonNode dcs = StoreFixture.json(http.get("/v1/coordinate/datacenters"));
        assertThat(dcs).hasSize(1);
        assertThat(dcs.get(0).get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(dcs.get(0).get("AreaID").asText()).isEqualTo("wan");
        assertThat(dcs.get(0).get("Coordinates").isArray()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/catalog/nodes", "/v1/catalog/service/web", "/v1/health/service/web",
            "/v1/health/checks/web", "/v1/health/state/any"})
    void nearSortsByEstimatedRoundTripWithNodesWithoutCoordinatesLast(String path) throws Exception {
        assertThat(nodesOf(path, "?near=near-a")).containsExactly("near-a", "near-c", "near-b", self, "near-d");
        assertThat(nodesOf(path, "?near=_agent")).containsExactly(self, "near-b", "near-c", "near-a", "near-d");
        // Without a source coordinate (or without ?near) the order is the store's: by node name.
        List<String> byName = new ArrayList<>(List.of("near-a", "near-b", "near-c", "near-d", self));
        byName.sort(String::compareTo);
        assertThat(nodesOf(path, "?near=near-d")).containsExactlyElementsOf(byName);
        assertThat(nodesOf(path, "")).containsExactlyElementsOf(byName);
    }

    private List<String> nodesOf(String path, String query) throws Exception {
        HttpResponse<String> r = http.get(path + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode e : StoreFixture.json(r)) {
            JsonNode node = e.get("Node");
            out.add(node.isObject() ? node.get("Node").asText() : node.asText());
        }
        return out;
    }

    @Test
    void aBlockingListWakesOnAnUpdate() throws Exception {
        HttpResponse<String> first = http.get("/v1/coordinate/nodes");
        long index = Long.parseLong(first.headers().firstValue("X-Consul-Index").orElseThrow());
        CompletableFuture<HttpResponse<String>> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return http.get("/v1/coordinate/nodes?index=" + index + "&wait=30s");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        update("near-c", 0.002);
        HttpResponse<String> woken = blocked.get(20, TimeUnit.SECONDS);
        assertThat(Long.parseLong(woken.headers().firstValue("X-Consul-Index").orElseThrow())).isGreaterThan(index);
        assertThat(CatalogEndpointIT.find(StoreFixture.json(woken), "Node", "near-c").get("Coord").get("Vec").get(0)
                .asDouble()).isEqualTo(0.002);
        update("near-c", 0.001);
    }
}
