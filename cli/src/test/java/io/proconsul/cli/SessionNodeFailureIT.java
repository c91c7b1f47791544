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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leader election across real agents when the holder's machine dies: a server and two client agents (the
 * real jar, on 127.0.0.120-122), one contender per client with a {@code LockDelay 0} session on its own
 * node. Killing the holder's agent with SIGKILL makes gossip mark it failed, the leader sets its serfHealth
 * critical, the session is invalidated and its lock released, and the other contender's acquire succeeds.
 */
class SessionNodeFailureIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<AgentProcess> agents = new ArrayList<>();

    private record Agent(String ip, int http, AgentProcess process) {
        String url(String path) {
            return "http://" + ip + ":" + http + path;
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (AgentProcess p : agents) {
            p.close();
        }
    }

    @Test
    void holdersNodeFailureReleasesTheLockToTheOtherContender() throws Exception {
        int serf = TestAgent.freePort();
        Agent server = start("127.0.0.120", "s0", serf, "-server", "-bootstrap-expect=1",
                "-serf-wan-port=" + TestAgent.freePort(), "-server-port=" + TestAgent.freePort());
        awaitOk(server, "/v1/kv/ready", "PUT", "1", Duration.ofSeconds(60));
        Agent c1 = start("127.0.0.121", "c1", serf, "-retry-join=127.0.0.120:" + serf, "-retry-interval=1s");
        Agent c2 = start("127.0.0.122", "c2", serf, "-retry-join=127.0.0.120:" + serf, "-retry-interval=1s");

        String a = awaitSession(c1, "{\"Name\":\"a\",\"LockDelay\":0}");
        String b = awaitSession(c2, "{\"Name\":\"b\",\"LockDelay\":0}");
        assertThat(send(c1, "/v1/kv/service/leader?acquire=" + a, "PUT", "c1")).as(this::logs).isEqualTo("true");
        assertThat(send(c2, "/v1/kv/service/leader?acquire=" + b, "PUT", "c2")).isEqualTo("false");
        assertThat(JSON.readTree(send(server, "/v1/session/info/" + a, "GET", null)).get(0).get("Node").asText())
                .isEqualTo("c1");

        c1.process().kill9();
        awaitOk(c2, "/v1/kv/service/leader?acquire=" + b, "PUT", "c2", Duration.ofSeconds(60));
        assertThat(send(server, "/v1/session/info/" + a, "GET", null)).isEqualTo("[]");
        JsonNode checks = JSON.readTree(send(server, "/v1/health/node/c1", "GET", null));
        assertThat(checks.findValuesAsText("Status")).contains("critical");
        JsonNode entry = JSON.readTree(send(server, "/v1/kv/service/leader", "GET", null)).get(0);
        assertThat(entry.get("Session").asText()).isEqualTo(b);
        assertThat(entry.get("LockIndex").asLong()).isEqualTo(2);
    }

    private Agent start(String ip, String node, int serf, String... extra) throws IOException {
        int http = TestAgent.freePort();
        List<String> args = new ArrayList<>(List.of("agent", "-node=" + node, "-data-dir=" + tmp.resolve(node),
                "-bind=" + ip, "-client=" + ip, "-dns-port=-1", "-serf-lan-port=" + serf, "-http-port=" + http));
        args.addAll(List.of(extra));
        AgentProcess p = AgentProcess.start(tmp.resolve(node + ".log"), args.toArray(String[]::new));
        agents.add(p);
        return new Agent(ip, http, p);
    }

    /** Creates a session on the agent's node, retrying until the node is registered with serfHealth passing. */
    private String awaitSession(Agent agent, String body) throws Exception {
        String[] id = new String[1];
        awaitOk(agent, "/v1/session/create", "PUT", body, Duration.ofSeconds(60), r -> {
            id[0] = JSON.readTree(r).get("ID").asText();
            return true;
        });
        return id[0];
    }

    private void awaitOk(Agent agent, String path, String method, String body, Duration limit) throws Exception {
        awaitOk(agent, path, method, body, limit, r -> r.equals("true"));
    }

    private interface Accept {
        boolean test(String body) throws Exception;
    }

    private void awaitOk(Agent agent, String path, String method, String body, Duration limit, Accept accept)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = send(agent, path, method, body);
                if (!last.isEmpty() && last.charAt(0) != '!' && accept.test(last)) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(method + " " + path + " never succeeded; last answer: " + last + logs());
    }

    /** The body of a 200, or {@code "!<status> <body>"}. */
    private static String send(Agent agent, String path, String method, String body)
            throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(agent.url(path))).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return resp.statusCode() == 200 ? resp.body().trim() : "!" + resp.statusCode() + " " + resp.body();
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        agents.forEach(p -> b.append("\n==== agent:\n").append(p.output()));
        return b.toString();
    }
}
