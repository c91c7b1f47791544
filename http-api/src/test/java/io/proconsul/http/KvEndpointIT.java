package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/** {@code /v1/kv} end to end: HTTP on a real socket against a real RaftStore (not in -dev: compact JSON). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KvEndpointIT {

    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, new AgentConfig.Limits(4096, 8192, 200));
        http = agent.http;
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void putThenGetWithConsulsShapeAndHeaders() throws Exception {
        HttpResponse<String> put = http.put("/v1/kv/shape/foo?flags=42", "bar");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("true");
        assertThat(put.headers().firstValue("Content-Type")).hasValue("application/json");

        HttpResponse<String> get = http.get("/v1/kv/shape/foo");
        assertThat(get.statusCode()).isEqualTo(200);
        JsonNode e = StoreFixture.json(get).get(0);
        assertThat(e.get("Key").asText()).isEqualTo("shape/foo");
        assertThat(e.get("Flags").asLong()).isEqualTo(42);
        assertThat(e.get("Value").asText()).isEqualTo("YmFy");
        assertThat(e.get("LockIndex").asLong()).isZero();
        assertThat(e.has("Session")).isFalse();
        long modify = e.get("ModifyIndex").asLong();
        assertThat(e.get("CreateIndex").asLong()).isEqualTo(modify).isPositive();
        assertThat(get.body()).startsWith("[{\"LockIndex\":0,\"Key\":\"shape/foo\",\"Flags\":42,\"Value\":\"YmFy\",");
        assertThat(get.headers().firstValue("X-Consul-Index")).hasValue(Long.toString(modify));
        assertThat(get.headers().firstValue("X-Consul-Knownleader")).hasValue("true");
        assertThat(get.headers().firstValue("X-Consul-Lastcontact")).hasValue("0");
        assertThat(get.headers().firstValue("X-Consul-Effective-Consistency")).hasValue("leader");
    }

    @Test
    void prettyOnRequest() throws Exception {
        http.put("/v1/kv/pretty/a", "x");
        HttpResponse<String> r = http.get("/v1/kv/pretty/a?pretty");
        assertThat(r.body()).startsWith("[\n    {\n        \"LockIndex\": 0,\n        \"Key\": \"pretty/a\",").endsWith("]\n");
    }

    @Test
    void missingKeyIs404WithIndexAndEmptyBody() throws Exception {
        HttpResponse<String> r = http.get("/v1/kv/no/such/key");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEmpty();
        assertThat(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow())).isPositive();
        assertThat(r.headers().firstValue("X-Consul-Knownleader")).hasValue("true");
    }

    @Test
    void rawReturnsTheValueBytes() throws Exception {
        byte[] value = {0, 1, 2, (byte) 0xff, 'a'};
        http.send("PUT", "/v1/kv/raw/bin", value, null);
        HttpResponse<byte[]> r = http.getBytes("/v1/kv/raw/bin?raw");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(value);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void emptyBodyStoresANullValue() throws Exception {
        assertThat(http.put("/v1/kv/empty/v", "").body()).isEqualTo("true");
        assertThat(StoreFixture.json(http.get("/v1/kv/empty/v")).get(0).get("Value").isNull()).isTrue();
    }

    @Test
    void flagsAreUnsigned64Bit() throws Exception {
        http.put("/v1/kv/flags/max?flags=18446744073709551615", "v");
        assertThat(http.get("/v1/kv/flags/max").body()).contains("\"Flags\":18446744073709551615,");
    }

    @Test
    void casSucceedsOnlyAtTheExpectedIndex() throws Exception {
        assertThat(http.put("/v1/kv/cas/k?cas=0", "1").body()).isEqualTo("true");
        assertThat(http.put("/v1/kv/cas/k?cas=0", "2").body()).isEqualTo("false");
        long index = StoreFixture.json(http.get("/v1/kv/cas/k")).get(0).get("ModifyIndex").asLong();
        assertThat(http.put("/v1/kv/cas/k?cas=" + (index + 100), "3").body()).isEqualTo("false");
        assertThat(http.put("/v1/kv/cas/k?cas=" + index, "4").body()).isEqualTo("true");
        assertThat(StoreFixture.json(http.get("/v1/kv/cas/k")).get(0).get("Value").asText()).isEqualTo("NA==");
    }

    @Test
    void recurseKeysAndSeparator() throws Exception {
        for (String k : List.of("tree/b/c", "tree/b/d", "tree/e", "treeless")) {
            http.put("/v1/kv/" + k, k);
        }
        JsonNode all = StoreFixture.json(http.get("/v1/kv/tree/?recurse"));
        List<String> keys = new ArrayList<>();
        all.forEach(n -> keys.add(n.get("Key").asText()));
        assertThat(keys).containsExactly("tree/b/c", "tree/b/d", "tree/e");
        assertThat(http.get("/v1/kv/tree/?keys&separator=/").body()).isEqualTo("[\"tree/b/\",\"tree/e\"]");
        assertThat(http.get("/v1/kv/tree/?keys&seperator=/").body()).isEqualTo("[\"tree/b/\",\"tree/e\"]");
        assertThat(http.get("/v1/kv/tree?keys").body()).isEqualTo("[\"tree/b/c\",\"tree/b/d\",\"tree/e\",\"treeless\"]");
        assertThat(http.get("/v1/kv/nothing/?keys").statusCode()).isEqualTo(404);
        assertThat(http.get("/v1/kv/nothing/?recurse").statusCode()).isEqualTo(404);
        assertThat(http.get("/v1/kv/?keys").body()).startsWith("[").contains("\"tree/e\"");
    }

    @Test
    void deleteKeyTreeAndCas() throws Exception {
        http.put("/v1/kv/del/one", "1");
        http.put("/v1/kv/del/sub/two", "2");
        http.put("/v1/kv/del/sub/three", "3");
        assertThat(http.delete("/v1/kv/del/one").body()).isEqualTo("true");
        assertThat(http.get("/v1/kv/del/one").statusCode()).isEqualTo(404);
        assertThat(http.delete("/v1/kv/del/sub/?recurse").body()).isEqualTo("true");
        assertThat(http.get("/v1/kv/del/?recurse").statusCode()).isEqualTo(404);

        http.put("/v1/kv/del/cas", "x");
        long index = StoreFixture.json(http.get("/v1/kv/del/cas")).get(0).get("ModifyIndex").asLong();
        assertThat(http.delete("/v1/kv/del/cas?cas=" + (index + 7)).body()).isEqualTo("false");
        assertThat(http.delete("/v1/kv/del/cas?cas=" + index).body()).isEqualTo("true");
        assertThat(http.delete("/v1/kv/del/never-existed").body()).isEqualTo("true");
    }

    @Test
    void blockingQueryWakesOnWrite() throws Exception {
        http.put("/v1/kv/block/k", "v1");
        HttpResponse<String> first = http.get("/v1/kv/block/k");
        long index = Long.parseLong(first.headers().firstValue("X-Consul-Index").orElseThrow());
        CompletableFuture<HttpResponse<String>> waiting =
                CompletableFuture.supplyAsync(() -> call(() -> http.get("/v1/kv/block/k?index=" + index + "&wait=30s")));
        // The write must happen while the query waits: it has not answered within 300 ms, so it is blocking.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        long t0 = System.nanoTime();
        assertThat(http.put("/v1/kv/block/k", "v2").body()).isEqualTo("true");
        HttpResponse<String> woken = waiting.get(10, TimeUnit.SECONDS);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
        assertThat(Long.parseLong(woken.headers().firstValue("X-Consul-Index").orElseThrow())).isGreaterThan(index);
        assertThat(StoreFixture.json(woken).get(0).get("Value").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString("v2".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void blockingListWakesWhenAKeyAppearsUnderThePrefix() throws Exception {
        HttpResponse<String> empty = http.get("/v1/kv/watched/?recurse");
        assertThat(empty.statusCode()).isEqualTo(404);
        long index = Long.parseLong(empty.headers().firstValue("X-Consul-Index").orElseThrow());
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                () -> call(() -> http.get("/v1/kv/watched/?recurse&index=" + index + "&wait=30s")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        http.put("/v1/kv/watched/new", "n");
        HttpResponse<String> woken = waiting.get(10, TimeUnit.SECONDS);
        assertThat(woken.statusCode()).isEqualTo(200);
        assertThat(StoreFixture.json(woken).get(0).get("Key").asText()).isEqualTo("watched/new");
    }

    @Test
    void aPipelinedRequestWaitsForTheBlockingQueryBeforeIt() throws Exception {
        http.put("/v1/kv/pipe/k", "v");
        long index = Long.parseLong(http.get("/v1/kv/pipe/k").headers().firstValue("X-Consul-Index").orElseThrow());
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", agent.server.port())) {
            s.setSoTimeout(10_000);
            String reqs = "GET /v1/kv/pipe/k?index=" + index + "&wait=700ms HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /v1/status/leader HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            long t0 = System.nanoTime();
            s.getOutputStream().write(reqs.getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(600);
            int kvAnswer = all.indexOf("\"Key\":\"pipe/k\"");
            int leaderAnswer = all.indexOf("\"127.0.0.1:");
            assertThat(kvAnswer).isPositive();
            assertThat(leaderAnswer).isGreaterThan(kvAnswer);
        }
    }

    @Test
    void blockingQueryTimesOutWithTheSameIndex() throws Exception {
        http.put("/v1/kv/block/idle", "v");
        long index = Long.parseLong(http.get("/v1/kv/block/idle").headers().firstValue("X-Consul-Index").orElseThrow());
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.get("/v1/kv/block/idle?index=" + index + "&wait=600ms");
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(500);
        assertThat(r.headers().firstValue("X-Consul-Index")).hasValue(Long.toString(index));
    }

    @Test
    void consistencyModesAreReported() throws Exception {
        http.put("/v1/kv/mode/k", "v");
        assertThat(http.get("/v1/kv/mode/k?stale").headers().firstValue("X-Consul-Effective-Consistency"))
                .hasValue("stale");
        assertThat(http.get("/v1/kv/mode/k?consistent").headers().firstValue("X-Consul-Effective-Consistency"))
                .hasValue("consistent");
        assertThat(http.get("/v1/kv/mode/k?dc=dc1").statusCode()).isEqualTo(200);
    }

    @Test
    void acquireWithUnknownSessionIsRefusedWithoutStackTrace() throws Exception {
        HttpResponse<String> r = http.put("/v1/kv/lock/k?acquire=4f1a3ad6-0000-0000-0000-000000000000", "v");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("invalid session \"4f1a3ad6-0000-0000-0000-000000000000\"");
    }

    @Test
    void valueOverLimitWithoutContentLengthIs413() throws Exception {
        // A chunked body has no Content-Length; the endpoint checks what arrived.
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + agent.server.port() + "/v1/kv/big"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(new byte[5000])))
                .build();
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("Request body(5000 bytes) too large, max size: 4096 bytes. See "
                + "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
