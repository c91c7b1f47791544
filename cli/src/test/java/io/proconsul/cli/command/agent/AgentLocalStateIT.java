package io.proconsul.cli.command.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.testing.TestAgent;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.local.CheckDefinition;
import io.proconsul.core.local.ServiceDefinition;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.QueryOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's local state wired into a real {@link AgentRuntime}: config-file services served at start,
 * {@code PUT /v1/agent/reload} applying the re-read configuration, and an API-registered service with its
 * TTL state surviving a restart on the same data dir while file-defined ones come from the files only.
 */
class AgentLocalStateIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    @Test
    void fileServicesReloadAndApiStateAcrossRestart() throws Exception {
        int raftPort = TestAgent.freePort();
        AgentConfig first = config(raftPort, List.of(service("file-a")));
        AtomicReference<AgentConfig> onDisk = new AtomicReference<>(first);
        try (AgentRuntime agent = AgentRuntime.create(first, onDisk::get)) {
            agent.start();
            int http = agent.httpPort();
            awaitLeader(agent);
            assertThat(services(http)).containsOnlyKeys("file-a");
            // Anti-entropy wired to the agent's store: file-defined services reach the catalog.
            awaitInCatalog(agent, "file-a", Duration.ofSeconds(20));

            assertThat(put(http, "/v1/agent/service/register", "{\"Name\":\"api\",\"Check\":{\"CheckID\":\"api-ttl\","
                    + "\"TTL\":\"10m\"}}").statusCode()).isEqualTo(200);
            assertThat(put(http, "/v1/agent/check/warn/api-ttl?note=busy", "").statusCode()).isEqualTo(200);

            onDisk.set(config(raftPort, List.of(service("file-b"))));
            HttpResponse<String> reload = put(http, "/v1/agent/reload", "");
            assertThat(reload.statusCode()).isEqualTo(200);
            assertThat(services(http)).containsOnlyKeys("api", "file-b");
        }

        AgentConfig second = config(raftPort, List.of(service("file-c")));
        try (AgentRuntime agent = AgentRuntime.create(second)) {
            agent.start();
            int http = agent.httpPort();
            assertThat(services(http)).containsOnlyKeys("api", "file-c");
            JsonNode check = get(http, "/v1/agent/checks").get("api-ttl");
            assertThat(check.get("Status").asText()).isEqualTo("warning");
            assertThat(check.get("Output").asText()).isEqualTo("busy");
        }
    }

    private AgentConfig config(int raftPort, List<ServiceDefinition> services) {
        AgentConfig.Discovery discovery = new AgentConfig.Discovery(services, List.<CheckDefinition>of(), false,
                false, 4096, AgentConfig.Dns.DEFAULTS, List.of(), "");
        return new AgentConfig("local-state", "4f0b7a0c-8c4e-4d8e-9e51-1b2f3c4d5e6f", "dc1", "dc1",
                dataDir.toString(), true, true, 0, false, "127.0.0.1", List.of("127.0.0.1"), "",
                AgentConfig.Addresses.NONE, new AgentConfig.Ports(-1, 0, -1, -1, -1, -1, raftPort), "WARN", "",
                false, AgentConfig.Limits.DEFAULTS, "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0, false,
                Map.of(), new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1), discovery);
    }

    private static ServiceDefinition service(String name) {
        return new ServiceDefinition("", "", name, null, "", null, null, 80, null, false, null);
    }

    private static void awaitLeader(AgentRuntime agent) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (agent.store().leader().isEmpty()) {
            assertThat(System.nanoTime()).as("leader within 20 s").isLessThan(deadline);
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static void awaitInCatalog(AgentRuntime agent, String serviceId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var node = agent.store().query(new NodeInfo("local-state"), QueryOptions.DEFAULT)
                    .get(10, TimeUnit.SECONDS).value();
            if (node.isPresent() && node.get().services().stream().anyMatch(s -> s.id().equals(serviceId))) {
                return;
            }
            assertThat(System.nanoTime()).as(serviceId + " in the catalog within " + timeout).isLessThan(deadline);
            LockSupport.parkNanos(50_000_000L);
        }
    }

    private static Map<String, JsonNode> services(int port) throws Exception {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        get(port, "/v1/agent/services").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> put(int port, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
