package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@code kill -HUP <pid>} reloads the config dir: a service file added is registered, one removed is gone. */
class ReloadSignalIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void sighupAppliesTheServicesOfTheConfigFiles() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("consul.d"));
        Files.writeString(conf.resolve("web.json"), "{\"service\": {\"name\": \"web\", \"port\": 80}}");
        int http = TestAgent.freePort();
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("agent.log"), "agent", "-dev",
                "-config-dir=" + conf, "-http-port=" + http, "-dns-port=-1", "-server-port=" + TestAgent.freePort(),
                "-serf-lan-port=" + TestAgent.freePort(), "-serf-wan-port=" + TestAgent.freePort())) {
            agent.awaitLeader(http, Duration.ofSeconds(30));
            awaitServices(http, "{\"web\"", null);

            Files.delete(conf.resolve("web.json"));
            Files.writeString(conf.resolve("db.json"), "{\"service\": {\"name\": \"db\", \"port\": 5432}}");
            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start().waitFor()).isZero();

            awaitServices(http, "{\"db\"", "\"web\"");
            assertThat(agent.isAlive()).isTrue();
            assertThat(agent.output()).contains("Caught signal: hangup", "Reloading configuration...");
        }
    }

    /** Polls /v1/agent/services until it starts with {@code present} and does not contain {@code absent}. */
    private static void awaitServices(int http, String present, String absent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http + "/v1/agent/services")).build(),
                    HttpResponse.BodyHandlers.ofString());
            body = r.body().replaceAll("\\s+", "");
            if (body.startsWith(present) && (absent == null || !body.contains(absent))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("agent services: " + body);
    }
}
