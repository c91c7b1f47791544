package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.testing.TestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The curl tour of README.md, request by request, so the README cannot drift from the behaviour. */
class ReadmeTourIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestAgent agent;

    @BeforeAll
    static void start() throws Exception {
        agent = TestAgent.start();
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void tour() throws Exception {
        assertThat(send("PUT", "/v1/kv/foo", "bar").body()).isEqualTo("true");

        JsonNode entries = JSON.readTree(send("GET", "/v1/kv/foo", null).body());
        assertThat(entries).hasSize(1);
        JsonNode foo = entries.get(0);
        assertThat(foo.fieldNames()).toIterable()
                .containsExactly("LockIndex", "Key", "Flags", "Value", "CreateIndex", "ModifyIndex");
        assertThat(foo.get("Value").asText()).isEqualTo("YmFy");
        long index = foo.get("ModifyIndex").asLong();

        assertThat(send("GET", "/v1/kv/foo?raw", null).body()).isEqualTo("bar");
        assertThat(send("PUT", "/v1/kv/foo?cas=0", "baz").body()).isEqualTo("false");
        assertThat(JSON.readTree(send("GET", "/v1/kv/?keys&separator=/", null).body()).toString())
                .isEqualTo("[\"foo\"]");

        index = Long.parseLong(send("GET", "/v1/kv/foo", null).headers().firstValue("X-Consul-Index").orElseThrow());
        CompletableFuture<HttpResponse<String>> blocked = HTTP.sendAsync(
                request("GET", "/v1/kv/foo?index=" + index + "&wait=30s", null), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        assertThat(blocked).isNotDone();
        send("PUT", "/v1/kv/foo", "qux");
        HttpResponse<String> woken = blocked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Long.parseLong(woken.headers().firstValue("X-Consul-Index").orElseThrow())).isGreaterThan(index);

        assertThat(send("GET", "/v1/status/leader", null).body()).matches("\"127\\.0\\.0\\.1:\\d+\"");

        send("PUT", "/v1/agent/service/register",
                "{\"Name\":\"web\",\"Port\":80,\"Tags\":[\"v1\"],\"Check\":{\"TTL\":\"30s\",\"Status\":\"passing\"}}");
        // The agent pushes its services to the catalog in the background (anti-entropy), as Consul's does.
        JsonNode healthy = JSON.readTree(send("GET", "/v1/health/service/web?passing", null).body());
        for (long deadline = System.nanoTime() + 10_000_000_000L; healthy.isEmpty() && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
            healthy = JSON.readTree(send("GET", "/v1/health/service/web?passing", null).body());
        }
        assertThat(healthy).hasSize(1);
        assertThat(healthy.get(0).get("Service").get("Port").asInt()).isEqualTo(80);
        assertThat(healthy.get(0).get("Service").get("Tags").toString()).isEqualTo("[\"v1\"]");
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
        return r;
    }

    private static HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(agent.url() + path))
                .timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
