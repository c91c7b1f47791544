package io.proconsul.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.proconsul.cli.command.agent.AgentRuntime;
import io.proconsul.cli.testing.TestAgent;
import io.proconsul.core.config.AgentConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code watches} of an agent's configuration, run by the agent against its own HTTP API: an
 * {@code args} handler, a deprecated {@code handler} script and an HTTP handler each see every change; a
 * reload replaces them; an invalid watch stops the agent from starting.
 */
class ConfigWatchesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void configuredWatchesRunTheirHandlersOnEachChange() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> indexes = new CopyOnWriteArrayList<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            indexes.add(ex.getRequestHeaders().getFirst("X-Consul-Index") + " " + ex.getRequestMethod() + " "
                    + ex.getRequestHeaders().getFirst("X-Test"));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        endpoint.start();
        Path args = dir.resolve("args.out");
        Path script = dir.resolve("script.out");
        List<Map<String, Object>> watches = List.of(
                Map.of("type", "key", "key", "cfg/k", "args", List.of("/bin/sh", "-c", "cat >> '" + args + "'")),
                Map.of("type", "keyprefix", "prefix", "cfg/", "handler", "cat >> '" + script + "'"),
                Map.of("type", "key", "key", "cfg/k", "handler_type", "http", "http_handler_config",
                        Map.of("path", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/hook",
                                "method", "PUT", "header", Map.of("X-Test", List.of("yes")))));
        Path reloaded = dir.resolve("reloaded.out");
        List<Map<String, Object>> afterReload = List.of(
                Map.of("type", "nodes", "args", List.of("/bin/sh", "-c", "cat >> '" + reloaded + "'")));
        AgentConfig config = config(watches);
        AgentRuntime agent = AgentRuntime.create(config, () -> config(afterReload));
        try {
            agent.start();
            awaitLeader(agent);
            String url = "http://127.0.0.1:" + agent.httpPort();
            assertThat(lines(args, 1)).containsExactly("null");
            assertThat(lines(script, 1)).containsExactly("null");
            put(url + "/v1/kv/cfg/k", "v1");
            assertThat(JSON.readTree(lines(args, 2).get(1)).get("Value").asText()).isEqualTo("djE=");
            assertThat(JSON.readTree(lines(script, 2).get(1))).hasSize(1);
            awaitSize(bodies, 2);
            assertThat(JSON.readTree(bodies.get(1)).get("Key").asText()).isEqualTo("cfg/k");
            long index = JSON.readTree(bodies.get(1)).get("ModifyIndex").asLong();
            assertThat(indexes.get(1)).isEqualTo(index + " PUT yes");

            agent.reload();
            assertThat(JSON.readTree(lines(reloaded, 1).get(0)).findValuesAsText("Node")).contains("cfg-watches");
            put(url + "/v1/kv/cfg/k", "v2");
            put(url + "/v1/catalog/register", "{\"Node\":\"ext\",\"Address\":\"10.1.1.1\"}");
            assertThat(JSON.readTree(lines(reloaded, 2).get(1)).findValuesAsText("Node")).contains("ext");
            assertThat(Files.readAllLines(args)).as("the old watches stopped at the reload").hasSize(2);
        } finally {
            agent.close();
            endpoint.stop(0);
        }
    }

    @Test
    void anInvalidWatchStopsTheAgentFromStarting() {
        AgentRuntime agent = AgentRuntime.create(config(List.of(Map.of("type", "key", "args", List.of("x")))));
        try {
            Exception e = assertThrows(Exception.class, agent::start);
            assertThat(e).hasMessage("Failed to parse watch (map[string]interface {}{\"args\":[]interface {}{\"x\"}}): "
                    + "Must specify a single key to watch");
        } finally {
            agent.close();
        }
    }

    private AgentConfig config(List<Map<String, Object>> watches) {
        return new AgentConfig("cfg-watches", UUID.randomUUID().toString(), "dc1", "dc1",
                dir.resolve("data").toString(), true, true, 0, false, "127.0.0.1", List.of("127.0.0.1"), "",
                AgentConfig.Addresses.NONE, new AgentConfig.Ports(-1, 0, -1, -1, -1, -1, TestAgent.freePort()), "INFO",
                "", false, AgentConfig.Limits.DEFAULTS, "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0,
                false, Map.of(), new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1),
                AgentConfig.Discovery.DEFAULTS, null, null, watches);
    }

    private static void awaitLeader(AgentRuntime agent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (agent.store().leader().isEmpty()) {
            assertThat(System.nanoTime()).as("leader within 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static List<String> lines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= n) {
                return Files.readAllLines(file);
            }
            Thread.sleep(20);
        }
        throw new AssertionError(file + " did not get " + n + " lines: "
                + (Files.exists(file) ? Files.readAllLines(file) : "missing"));
    }

    private static void awaitSize(List<?> list, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (list.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(n);
    }

    private static void put(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
