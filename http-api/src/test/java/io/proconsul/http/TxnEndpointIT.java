package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/txn} end to end against a real RaftStore in -dev (pretty JSON, as Consul's dev agent). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TxnEndpointIT {

    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, true, new AgentConfig.Limits(64, 16384, 200));
        http = agent.http;
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private static String kv(String verb, String key, String valueBase64, long index) {
        return "{\"KV\":{\"Verb\":\"" + verb + "\",\"Key\":\"" + key + "\""
                + (valueBase64 == null ? "" : ",\"Value\":\"" + valueBase64 + "\"")
                + (index == 0 ? "" : ",\"Index\":" + index) + "}}";
    }

    @Test
    void writeTransactionCommits() throws Exception {
        HttpResponse<String> r = http.put("/v1/txn", "[" + kv("set", "t/a", "YQ==", 0) + ","
                + kv("set", "t/b", "Yg==", 0) + "," + kv("get", "t/a", null, 0) + "]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("X-Consul-Index")).isEmpty();
        JsonNode body = StoreFixture.json(r);
        assertThat(body.get("Errors").isNull()).isTrue();
        assertThat(body.get("Results")).hasSize(3);
        assertThat(body.get("Results").get(2).get("KV").get("Value").asText()).isEqualTo("YQ==");
        assertThat(r.body()).startsWith("{\n    \"Results\": [\n        {\n            \"KV\": {\n");
        assertThat(StoreFixture.json(http.get("/v1/kv/t/b")).get(0).get("Value").asText()).isEqualTo("Yg==");
    }

    @Test
    void theFullOperationLimitCommits() throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < io.proconsul.core.store.Txn.MAX_OPS; i++) {
            body.append(i == 0 ? "" : ",").append(kv("set", "t/m/" + i, "eA==", 0));
        }
        HttpResponse<String> r = http.put("/v1/txn", body.append("]").toString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(http.get("/v1/kv/t/m/" + (io.proconsul.core.store.Txn.MAX_OPS - 1)).statusCode()).isEqualTo(200);
    }

    @Test
    void failedCasRollsBackWith409() throws Exception {
        http.put("/v1/kv/t/cas", "x");
        HttpResponse<String> r = http.put("/v1/txn", "[" + kv("set", "t/untouched", "eA==", 0) + ","
                + kv("cas", "t/cas", "eQ==", 999_999) + "]");
        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode body = StoreFixture.json(r);
        assertThat(body.get("Results").isNull()).isTrue();
        assertThat(body.get("Errors")).hasSize(1);
        assertThat(body.get("Errors").get(0).get("OpIndex").asInt()).isEqualTo(1);
        assertThat(body.get("Errors").get(0).get("What").asText()).isNotEmpty();
        assertThat(http.get("/v1/kv/t/untouched").statusCode()).isEqualTo(404);
    }

    @Test
    void readOnlyTransactionReportsLeaderHeaders() throws Exception {
        http.put("/v1/kv/t/read", "r");
        HttpResponse<String> r = http.put("/v1/txn?stale", "[" + kv("get", "t/read", null, 0) + "]");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Consul-Knownleader")).hasValue("true");
        assertThat(r.headers().firstValue("X-Consul-Lastcontact")).isPresent();
        assertThat(r.headers().firstValue("X-Consul-Index")).isEmpty();
        JsonNode body = StoreFixture.json(r);
        assertThat(body.get("Results").get(0).get("KV").get("Value").asText()).isEqualTo("cg==");
        assertThat(body.get("KnownLeader").asBoolean()).isTrue();
        assertThat(body.has("LastContact")).isTrue();
    }

    @Test
    void readOnlyTransactionWithConflictingConsistencyIs400() throws Exception {
        HttpResponse<String> r = http.put("/v1/txn?stale&consistent", "[" + kv("get", "t/read", null, 0) + "]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Cannot specify ?stale with ?consistent, conflicting semantics.");
    }

    @Test
    void valueOverKvLimitIs413() throws Exception {
        String big = java.util.Base64.getEncoder().encodeToString(new byte[65]);
        HttpResponse<String> r = http.put("/v1/txn", "[" + kv("set", "t/big", big, 0) + "]");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("Value for key \"t/big\" is too large (65 > 64 bytes)");
    }
}
