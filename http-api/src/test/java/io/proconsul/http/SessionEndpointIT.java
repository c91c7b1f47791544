package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /v1/session/*} end to end against a real RaftStore over real sockets: Consul's defaults and JSON
 * shape, the create body's quirks, Consul's error texts and statuses, blocking reads woken by create and
 * destroy, and renew.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionEndpointIT {

    private static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
        http = agent.http;
        agent.serfHealth("node1", "passing");
        agent.serfHealth("other", "passing");
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private String create(String body) throws Exception {
        HttpResponse<String> r = http.put("/v1/session/create", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StoreFixture.json(r).get("ID").asText();
    }

    private JsonNode info(String id) throws Exception {
        HttpResponse<String> r = http.get("/v1/session/info/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StoreFixture.json(r);
    }

    @Test
    void createWithoutBodyTakesConsulsDefaults() throws Exception {
        HttpResponse<String> r = http.put("/v1/session/create", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).matches("\\{\"ID\":\"" + UUID_RE + "\"}");
        String id = StoreFixture.json(r).get("ID").asText();

        HttpResponse<String> get = http.get("/v1/session/info/" + id);
        assertThat(get.body()).startsWith("[{\"ID\":\"" + id + "\",\"Name\":\"\",\"Node\":\"node1\","
                + "\"LockDelay\":15000000000,\"Behavior\":\"release\",\"TTL\":\"\",\"NodeChecks\":[\"serfHealth\"],"
                + "\"ServiceChecks\":null,\"CreateIndex\":");
        JsonNode s = StoreFixture.json(get).get(0);
        assertThat(s.get("CreateIndex").asLong()).isPositive().isEqualTo(s.get("ModifyIndex").asLong());
        assertThat(get.headers().firstValue("X-Consul-Index")).isPresent();
        assertThat(get.headers().firstValue("X-Consul-Knownleader")).hasValue("true");
        assertThat(get.headers().firstValue("X-Consul-Effective-Consistency")).hasValue("leader");
    }

    @Test
    void createWithBody() throws Exception {
        String id = create("{\"Name\":\"web-lock\",\"Node\":\"other\",\"LockDelay\":\"0s\",\"Behavior\":\"delete\","
                + "\"TTL\":\"30s\",\"NodeChecks\":[]}");
        JsonNode s = info(id).get(0);
        assertThat(s.get("Name").asText()).isEqualTo("web-lock");
        assertThat(s.get("Node").asText()).isEqualTo("other");
        assertThat(s.get("LockDelay").asLong()).isZero();
        assertThat(s.get("Behavior").asText()).isEqualTo("delete");
        assertThat(s.get("TTL").asText()).isEqualTo("30s");
        assertThat(s.get("NodeChecks")).isEmpty();
    }

    /** Consul's FixupLockDelay: below 1000 (ns) means seconds, whether given as a number or a duration. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "5           | 5000000000",
        "\"5s\"      | 5000000000",
        "\"15ms\"    | 15000000",
        "\"500ns\"   | 500000000000",
        "2500000000  | 2500000000",
        "0           | 0"})
    void lockDelayThreshold(String json, long nanos) throws Exception {
        String id = create("{\"LockDelay\":" + json + "}");
        assertThat(info(id).get(0).get("LockDelay").asLong()).isEqualTo(nanos);
    }

    /** fixupEmptySessionChecks: the deprecated Checks list and NodeChecks together. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{}                                          | [\"serfHealth\"]",
        "{\"Checks\":[]}                             | []",
        "{\"Checks\":null}                           | []",
        "{\"Checks\":[\"serfHealth\"]}               | [\"serfHealth\"]",
        "{\"NodeChecks\":[],\"Checks\":[\"serfHealth\"]} | []",
        "{\"checks\":[]}                             | []"})
    void checksFixup(String body, String nodeChecks) throws Exception {
        String id = create(body);
        assertThat(info(id).get(0).get("NodeChecks").toString()).isEqualTo(nodeChecks);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"TTL\":\"5s\"}           | 500 | Invalid Session TTL '5000000000', must be between [10s=24h0m0s]",
        "{\"TTL\":\"25h\"}          | 500 | Invalid Session TTL '90000000000000', must be between [10s=24h0m0s]",
        "{\"TTL\":\"abc\"}          | 500 | Session TTL 'abc' invalid: time: invalid duration \"abc\"",
        "{\"Behavior\":\"keep\"}    | 500 | Invalid Behavior setting 'keep'",
        "{\"Node\":\"ghost\"}       | 500 | Missing node registration",
        "{\"LockDelay\":\"soon\"}   | 400 | Request decode failed: time: invalid duration \"soon\"",
        "{\"Name\":                 | 400 | Request decode failed: "})
    void createRefusalsWithConsulsTexts(String body, int status, String text) throws Exception {
        HttpResponse<String> r = http.put("/v1/session/create", body);
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).startsWith(text);
        if (status == 500 && !text.endsWith(": ")) {
            assertThat(r.body()).isEqualTo(text);
        }
    }

    @Test
    void sessionTtlMinFromTheConfigSetsTheLowerBound(@TempDir Path dataDir) throws Exception {
        AgentConfig.Limits limits = new AgentConfig.Limits(AgentConfig.Limits.DEFAULT_KV_MAX_VALUE_SIZE, 512 * 1024,
                200, java.time.Duration.ofSeconds(2));
        StoreFixture lower = new StoreFixture(dataDir, false, limits);
        try {
            lower.serfHealth("node1", "passing");
            HttpResponse<String> ok = lower.http.put("/v1/session/create", "{\"TTL\":\"2s\"}");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            HttpResponse<String> low = lower.http.put("/v1/session/create", "{\"TTL\":\"1500ms\"}");
            assertThat(low.statusCode()).isEqualTo(500);
            assertThat(low.body()).isEqualTo("Invalid Session TTL '1500000000', must be between [2s=24h0m0s]");
        } finally {
            lower.close();
        }
    }

    @Test
    void ttlAtTheBoundsIsAccepted() throws Exception {
        assertThat(info(create("{\"TTL\":\"10s\"}")).get(0).get("TTL").asText()).isEqualTo("10s");
        assertThat(info(create("{\"TTL\":\"24h\"}")).get(0).get("TTL").asText()).isEqualTo("24h");
    }

    @Test
    void missingIdsAreConsuls400s() throws Exception {
        for (String[] c : new String[][] {{"PUT", "/v1/session/destroy/", "Missing session"},
                {"PUT", "/v1/session/renew/", "Missing session"}, {"GET", "/v1/session/info/", "Missing session"},
                {"GET", "/v1/session/node/", "Missing node name"}}) {
            HttpResponse<String> r = http.send(c[0], c[1], null);
            assertThat(r.statusCode()).as(c[1]).isEqualTo(400);
            assertThat(r.body()).as(c[1]).isEqualTo(c[2]);
        }
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        HttpResponse<String> r = http.get("/v1/session/create");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("OPTIONS,PUT");
        assertThat(http.put("/v1/session/list", "").statusCode()).isEqualTo(405);
        assertThat(http.delete("/v1/session/destroy/x").statusCode()).isEqualTo(405);
        assertThat(http.get("/v1/session/renew/x").statusCode()).isEqualTo(405);
    }

    @Test
    void unknownIsAnEmptyListNotNull() throws Exception {
        assertThat(http.get("/v1/session/info/00000000-0000-0000-0000-000000000000").body()).isEqualTo("[]");
        HttpResponse<String> node = http.get("/v1/session/node/no-such-node");
        assertThat(node.statusCode()).isEqualTo(200);
        assertThat(node.body()).isEqualTo("[]");
        assertThat(node.headers().firstValue("X-Consul-Index")).isPresent();
    }

    @Test
    void listAndNodeSessions() throws Exception {
        String a = create("{\"Node\":\"other\",\"Name\":\"a\"}");
        String b = create("{\"Name\":\"b\"}");
        JsonNode all = StoreFixture.json(http.get("/v1/session/list"));
        assertThat(all.findValuesAsText("ID")).contains(a, b);
        JsonNode other = StoreFixture.json(http.get("/v1/session/node/other?consistent"));
        assertThat(other.findValuesAsText("ID")).contains(a).doesNotContain(b);
        assertThat(other.findValuesAsText("Node")).containsOnly("other");
        HttpResponse<String> stale = http.get("/v1/session/list?stale");
        assertThat(stale.headers().firstValue("X-Consul-Effective-Consistency")).hasValue("stale");
    }

    @Test
    void renewAnswersTheSessionOr404() throws Exception {
        String id = create("{\"TTL\":\"20s\"}");
        HttpResponse<String> r = http.put("/v1/session/renew/" + id, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = StoreFixture.json(r);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("ID").asText()).isEqualTo(id);
        assertThat(list.get(0).get("TTL").asText()).isEqualTo("20s");

        HttpResponse<String> missing = http.put("/v1/session/renew/not-a-session", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("Session id 'not-a-session' not found");
    }

    @Test
    void destroyAnswersTrueAndTheSessionIsGone() throws Exception {
        String id = create(null);
        HttpResponse<String> r = http.put("/v1/session/destroy/" + id, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("true");
        assertThat(http.get("/v1/session/info/" + id).body()).isEqualTo("[]");
        // Destroying what does not exist is still true, as in Consul.
        assertThat(http.put("/v1/session/destroy/" + id, null).body()).isEqualTo("true");
    }

    @Test
    void blockingListWakesOnCreateAndOnDestroy() throws Exception {
        HttpResponse<String> first = http.get("/v1/session/list");
        long index = Long.parseLong(first.headers().firstValue("X-Consul-Index").orElseThrow());
        CompletableFuture<HttpResponse<String>> waiting = blockingList(index);
        assertThat(waiting).isNotDone();
        String id = create("{\"Name\":\"wake\"}");
        HttpResponse<String> woke = waiting.get(10, TimeUnit.SECONDS);
        assertThat(woke.body()).contains(id);
        long afterCreate = Long.parseLong(woke.headers().firstValue("X-Consul-Index").orElseThrow());
        assertThat(afterCreate).isGreaterThan(index);

        CompletableFuture<HttpResponse<String>> again = blockingInfo(id, afterCreate);
        http.put("/v1/session/destroy/" + id, null);
        HttpResponse<String> gone = again.get(10, TimeUnit.SECONDS);
        assertThat(gone.body()).isEqualTo("[]");
        assertThat(Long.parseLong(gone.headers().firstValue("X-Consul-Index").orElseThrow()))
                .isGreaterThan(afterCreate);
    }

    private CompletableFuture<HttpResponse<String>> blockingList(long index) {
        return CompletableFuture.supplyAsync(() -> get("/v1/session/list?wait=20s&index=" + index));
    }

    private CompletableFuture<HttpResponse<String>> blockingInfo(String id, long index) {
        return CompletableFuture.supplyAsync(() -> get("/v1/session/info/" + id + "?wait=20s&index=" + index));
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void badWaitIsRefusedBeforeTheStore() throws Exception {
        HttpResponse<String> r = http.get("/v1/session/list?wait=forever");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Invalid wait time");
    }
}
