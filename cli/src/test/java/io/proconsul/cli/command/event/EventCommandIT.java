package io.proconsul.cli.command.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.command.agent.AgentRuntime;
import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.Eventually;
import io.proconsul.cli.testing.TestAgent;
import io.proconsul.core.config.AgentConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consul event} against five real agents assembled as the agent command assembles them
 * ({@link AgentRuntime}): one server and four clients on 127.0.0.130-134, joined over LAN gossip. An event
 * fired through one client reaches every agent's {@code /v1/event/list} exactly once; a node filter keeps it
 * on the matching agent only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class EventCommandIT {

    private static final Duration FORM = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AgentRuntime> agents = new ArrayList<>();

    @BeforeAll
    void form(@TempDir Path tmp) throws Exception {
        int serf = TestAgent.freePort();
        for (int i = 0; i < 5; i++) {
            AgentRuntime a = AgentRuntime.create(config(tmp, i, serf));
            agents.add(a);
            a.start();
        }
        Eventually.within(FORM, () -> {
            for (AgentRuntime a : agents) {
                assertThat(a.lan().members().stream().filter(m -> m.status().name().equals("ALIVE")).count())
                        .as("alive members seen by %s", a.config().nodeName()).isEqualTo(5);
            }
        });
    }

    private static AgentConfig config(Path tmp, int i, int serfPort) {
        String ip = "127.0.0." + (130 + i);
        String name = i == 0 ? "ev-server" : "ev-client-" + i;
        return new AgentConfig(name, UUID.randomUUID().toString(), "dc1", "dc1", tmp.resolve(name).toString(),
                i == 0, i == 0, 0, false, ip, List.of(ip), "", AgentConfig.Addresses.NONE,
                new AgentConfig.Ports(-1, 0, -1, -1, serfPort, TestAgent.freePort(), TestAgent.freePort()),
                "INFO", "", false, AgentConfig.Limits.DEFAULTS, "consul.", List.of(),
                i == 0 ? List.of() : List.of("127.0.0.130:" + serfPort), Duration.ofSeconds(1), 0, false, Map.of(),
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
    }

    @AfterAll
    void stop() {
        agents.forEach(AgentRuntime::close);
    }

    private static String addr(AgentRuntime a) {
        return "-http-addr=" + a.config().bindAddr() + ":" + a.httpPort();
    }

    private static List<String> listedIds(AgentRuntime a, String name) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + a.config().bindAddr() + ":"
                + a.httpPort() + "/v1/event/list?name=" + name)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode e : JSON.readTree(r.body())) {
            ids.add(e.get("ID").asText());
        }
        return ids;
    }

    private static String fire(AgentRuntime via, String... args) {
        List<String> all = new ArrayList<>(List.of("event", addr(via)));
        all.addAll(List.of(args));
        CliRun r = CliRun.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).matches("Event ID: [0-9a-f-]{36}\n");
        return r.out().substring("Event ID: ".length()).strip();
    }

    @Test
    void anEventFiredThroughOneClientIsListedOnceByEveryAgent() throws Exception {
        String id = fire(agents.get(3), "-name=deploy", "v42");
        Eventually.within(Duration.ofSeconds(10), () -> {
            for (AgentRuntime a : agents) {
                assertThat(listedIds(a, "deploy")).as(a.config().nodeName()).containsExactly(id);
            }
        });
        // Retransmissions and push-pull exchanges keep going for a while: still exactly once.
        String later = fire(agents.get(0), "-name=deploy");
        Eventually.within(Duration.ofSeconds(10), () -> {
            for (AgentRuntime a : agents) {
                assertThat(listedIds(a, "deploy")).as(a.config().nodeName()).containsExactlyInAnyOrder(id, later);
            }
        });
    }

    @Test
    void aNodeFilterKeepsTheEventOnTheMatchingAgentOnly() throws Exception {
        String filtered = fire(agents.get(1), "-name=only-two", "-node=^ev-client-2$");
        String marker = fire(agents.get(1), "-name=only-two");
        Eventually.within(Duration.ofSeconds(10), () -> {
            for (AgentRuntime a : agents) {
                List<String> ids = listedIds(a, "only-two");
                assertThat(ids).as(a.config().nodeName()).contains(marker);
                if (a.config().nodeName().equals("ev-client-2")) {
                    assertThat(ids).containsExactlyInAnyOrder(filtered, marker);
                } else {
                    assertThat(ids).containsExactly(marker);
                }
            }
        });
    }
}
