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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leave_on_terminate} and {@code skip_leave_on_interrupt} with the real jar: a client agent stopped
 * by a signal shows in the server's member list as {@code left} (status 3) when it left gracefully, and as
 * {@code failed} (status 4) when it just stopped.
 */
class LeaveOnSignalIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LEFT = 3;
    private static final int FAILED = 4;

    @TempDir
    Path tmp;

    @Test
    void clientsLeaveOrFailAsTheirConfigSays() throws Exception {
        int http = TestAgent.freePort();
        int serf = TestAgent.freePort();
        try (AgentProcess server = AgentProcess.start(tmp.resolve("server.log"), "agent", "-dev", "-node=srv",
                "-http-port=" + http, "-dns-port=-1", "-server-port=" + TestAgent.freePort(),
                "-serf-lan-port=" + serf, "-serf-wan-port=" + TestAgent.freePort())) {
            server.awaitLeader(http, Duration.ofSeconds(30));

            // Consul's client defaults: SIGTERM leaves.
            stopClient("term-default", "", "TERM", serf, http, LEFT);
            stopClient("term-stays", "leave_on_terminate = false", "TERM", serf, http, FAILED);
            stopClient("int-stays", "skip_leave_on_interrupt = true", "INT", serf, http, FAILED);
        }
    }

    private void stopClient(String node, String hcl, String signal, int serf, int serverHttp, int status)
            throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(node));
        Path conf = Files.writeString(dir.resolve("extra.hcl"), hcl + "\n");
        int http = TestAgent.freePort();
        List<String> args = new ArrayList<>(List.of("agent", "-node=" + node, "-data-dir=" + dir.resolve("data"),
                "-config-file=" + conf, "-bind=127.0.0.1", "-http-port=" + http, "-dns-port=-1",
                "-serf-lan-port=" + TestAgent.freePort(), "-retry-join=127.0.0.1:" + serf, "-retry-interval=1s"));
        try (AgentProcess client = AgentProcess.start(dir.resolve("agent.log"), args.toArray(String[]::new))) {
            awaitStatus(serverHttp, node, 1);
            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(client.pid())).start().waitFor())
                    .isZero();
            client.awaitExit(Duration.ofSeconds(30));
            String caught = signal.equals("INT") ? "interrupt" : "terminated";
            assertThat(client.output()).contains("==> Caught signal: " + caught);
            assertThat(client.output().contains("==> Gracefully leaving the cluster...")).isEqualTo(status == LEFT);
            awaitStatus(serverHttp, node, status);
        }
    }

    /** Polls the server's {@code /v1/agent/members} until {@code node} has {@code status}. */
    private static void awaitStatus(int http, String node, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http + "/v1/agent/members")).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                for (JsonNode m : JSON.readTree(last)) {
                    if (m.path("Name").asText().equals(node) && m.path("Status").asInt() == status) {
                        return;
                    }
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(node + " never reached status " + status + ": " + last);
    }
}
