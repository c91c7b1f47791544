package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.testing.AgentProcess;
import io.proconsul.cli.testing.TestAgent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code agent.jar} server killed with SIGKILL in the middle of a write load: after a restart on the
 * same data dir every write it acknowledged is there, with the same value and index, and its node ID is
 * unchanged.
 */
class AgentRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void acknowledgedWritesSurviveKill9() throws Exception {
        int http = TestAgent.freePort();
        String[] args = serverArgs(http, TestAgent.freePort());
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        String nodeId;
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("run1.log"), args)) {
            agent.awaitLeader(http, Duration.ofSeconds(30));
            nodeId = nodeId(http);
            writeUntilKilled(agent, http, acknowledged);
        }
        assertThat(acknowledged).hasSizeGreaterThan(50);

        try (AgentProcess agent = AgentProcess.start(tmp.resolve("run2.log"), args)) {
            agent.awaitLeader(http, Duration.ofSeconds(30));
            assertThat(nodeId(http)).isEqualTo(nodeId);
            JsonNode all = get(http, "/v1/kv/load/?recurse");
            Map<String, String> found = new ConcurrentHashMap<>();
            all.forEach(e -> found.put(e.get("Key").asText(),
                    new String(java.util.Base64.getDecoder().decode(e.get("Value").asText()), StandardCharsets.UTF_8)));
            assertThat(found).containsAllEntriesOf(acknowledged);
        }
    }

    /** Four writers PUT unique keys; the agent is killed while they run. Only 'true' answers count. */
    private static void writeUntilKilled(AgentProcess agent, int http, Map<String, String> acknowledged)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger seq = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            writers.execute(() -> {
                while (!stop.get()) {
                    String key = "load/k" + seq.incrementAndGet();
                    String value = "v-" + key + "-" + System.nanoTime();
                    try {
                        if (put(http, key, value)) {
                            acknowledged.put(key, value);
                        }
                    } catch (IOException | InterruptedException lost) {
                        // not acknowledged: the agent is gone or going
                    }
                }
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        agent.kill9();
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    private String[] serverArgs(int http, int server) {
        return new String[] {"agent", "-server", "-bootstrap-expect=1", "-data-dir=" + tmp.resolve("data"),
            "-bind=127.0.0.1", "-client=127.0.0.1", "-node=restart-test", "-http-port=" + http,
            "-server-port=" + server, "-dns-port=-1", "-serf-lan-port=" + TestAgent.freePort(),
            "-serf-wan-port=" + TestAgent.freePort()};
    }

    private static String nodeId(int http) throws Exception {
        return get(http, "/v1/agent/self").get("Config").get("NodeID").asText();
    }

    static boolean put(int http, String key, String value) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/kv/" + key))
                .timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofString(value))
                .build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().trim().equals("true");
    }

    static JsonNode get(int http, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
