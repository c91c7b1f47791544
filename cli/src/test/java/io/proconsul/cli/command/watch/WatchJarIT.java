package io.proconsul.cli.command.watch;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code agent.jar}: a dev agent runs the {@code watches} of its HCL config file, and a separate
 * {@code agent.jar watch} process runs its handler on each change and exits 0 on SIGTERM, as Consul's does.
 */
class WatchJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void configWatchesAndTheWatchCommandSeeEachChange() throws Exception {
        Path fromConfig = tmp.resolve("config.out");
        Path fromCli = tmp.resolve("cli.out");
        Path conf = Files.writeString(tmp.resolve("watches.hcl"), "watches = [{\n"
                + "  type = \"keyprefix\"\n  prefix = \"jar/\"\n"
                + "  args = [\"/bin/sh\", \"-c\", \"cat >> '" + fromConfig + "'\"]\n}]\n");
        int http = TestAgent.freePort();
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("agent.log"), "agent", "-dev",
                "-config-file=" + conf, "-http-port=" + http, "-dns-port=-1", "-server-port=" + TestAgent.freePort(),
                "-serf-lan-port=" + TestAgent.freePort(), "-serf-wan-port=" + TestAgent.freePort())) {
            agent.awaitLeader(http, Duration.ofSeconds(30));
            try (AgentProcess watch = AgentProcess.start(tmp.resolve("watch.log"), "watch",
                    "-http-addr=127.0.0.1:" + http, "-type=key", "-key=jar/k", "cat >> '" + fromCli + "'")) {
                assertThat(lines(fromCli, 1, watch)).containsExactly("null");
                assertThat(lines(fromConfig, 1, agent)).containsExactly("null");
                put(http, "jar/k", "v");
                assertThat(JSON.readTree(lines(fromCli, 2, watch).get(1)).get("Value").asText()).isEqualTo("dg==");
                assertThat(JSON.readTree(lines(fromConfig, 2, agent).get(1)).get(0).get("Key").asText())
                        .isEqualTo("jar/k");
                ProcessHandle.of(watch.pid()).orElseThrow().destroy();
                assertThat(watch.awaitExit(Duration.ofSeconds(15))).as(watch.output()).isZero();
            }
        }
    }

    private static List<String> lines(Path file, int n, AgentProcess process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= n) {
                return Files.readAllLines(file);
            }
            Thread.sleep(50);
        }
        throw new AssertionError(file + " did not get " + n + " lines; process output:\n" + process.output());
    }

    private static void put(int http, String key, String value) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + http + "/v1/kv/" + key);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri)
                .PUT(HttpRequest.BodyPublishers.ofString(value)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
