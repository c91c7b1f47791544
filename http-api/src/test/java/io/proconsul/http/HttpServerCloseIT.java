package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the HTTP server ends the requests it holds: a blocking query waiting on a connection is not left
 * hanging for its whole wait time when the agent stops, so a client (a {@code consul watch}, consul-template)
 * sees the failure at once and reconnects to the restarted agent instead of waiting on a dead connection.
 */
class HttpServerCloseIT {

    @TempDir
    Path dir;

    @RepeatedTest(3)
    void aBlockingQueryEndsWhenTheServerCloses() throws Exception {
        StoreFixture agent = new StoreFixture(dir.resolve("data-" + System.nanoTime()), false,
                io.proconsul.core.config.AgentConfig.Limits.DEFAULTS);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> blocked;
        try {
            assertThat(agent.http.put("/v1/kv/close/k", "a").statusCode()).isEqualTo(200);
            HttpResponse<String> first = client.send(get(agent, "/v1/kv/close/k"), HttpResponse.BodyHandlers.ofString());
            String index = first.headers().firstValue("X-Consul-Index").orElseThrow();
            blocked = client.sendAsync(get(agent, "/v1/kv/close/k?index=" + index + "&wait=60s"),
                    HttpResponse.BodyHandlers.ofString());
            // The query is parked on the server (it would answer only on a change or after 60 s).
            Thread.sleep(300);
            assertThat(blocked).isNotDone();
        } finally {
            agent.close();
        }
        // A query left hanging fails here with a TimeoutException.
        try {
            HttpResponse<String> r = blocked.get(10, TimeUnit.SECONDS);
            // An answer written while closing is fine too, as long as it is not the 60 s timeout's.
            assertThat(r.statusCode()).isNotEqualTo(200);
        } catch (java.util.concurrent.ExecutionException expected) {
            assertThat(expected.getCause()).isInstanceOf(java.io.IOException.class);
        }
    }

    private static HttpRequest get(StoreFixture agent, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.server.port() + path)).GET().build();
    }
}
