package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.testing.AgentProcess;
import io.proconsul.cli.testing.TestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code autopilot {}} block of a config file is what a new cluster's leader stores and answers with. */
class AutopilotConfigIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aDevServerAnswersWithTheConfiguredSettings() throws Exception {
        Path conf = Files.writeString(tmp.resolve("autopilot.hcl"), """
                autopilot {
                  cleanup_dead_servers = false
                  last_contact_threshold = "750ms"
                  max_trailing_logs = 321
                  min_quorum = 3
                  server_stabilization_time = "25s"
                }
                """);
        int http = TestAgent.freePort();
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("agent.log"), "agent", "-dev",
                "-config-file=" + conf, "-http-port=" + http, "-dns-port=-1", "-server-port=" + TestAgent.freePort(),
                "-serf-lan-port=" + TestAgent.freePort(), "-serf-wan-port=" + TestAgent.freePort())) {
            agent.awaitLeader(http, Duration.ofSeconds(30));
            JsonNode c = awaitStored(http);
            assertThat(c.get("CleanupDeadServers").asBoolean()).isFalse();
            assertThat(c.get("LastContactThreshold").asText()).isEqualTo("750ms");
            assertThat(c.get("MaxTrailingLogs").asLong()).isEqualTo(321);
            assertThat(c.get("MinQuorum").asInt()).isEqualTo(3);
            assertThat(c.get("ServerStabilizationTime").asText()).isEqualTo("25s");
        }
    }

    /** Polls until the leader has stored the settings (a positive CreateIndex). */
    private static JsonNode awaitStored(int http) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + http + "/v1/operator/autopilot/configuration")).build(),
                    HttpResponse.BodyHandlers.ofString());
            body = r.body();
            if (r.statusCode() == 200) {
                JsonNode c = JSON.readTree(body);
                if (c.path("MaxTrailingLogs").asLong() == 321) {
                    return c;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("autopilot configuration never showed the configured settings: " + body);
    }
}
