package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Three real server processes on 127.0.0.2-4 form a cluster over gossip with {@code -bootstrap-expect=3};
 * the leader is killed with SIGKILL; the other two elect a new leader and take writes; the killed server
 * restarts on its data dir, rejoins by itself and catches up.
 */
class ClusterFailoverIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    private final List<Server> servers = new ArrayList<>();

    private record Server(String ip, int http, String[] args, AgentProcess[] process) {
        String url(String path) {
            return "http://" + ip + ":" + http + path;
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Server s : servers) {
            if (s.process()[0] != null) {
                s.process()[0].close();
            }
        }
    }

    @Test
    void leaderKillElectsNewLeaderAndRestartedServerCatchesUp() throws Exception {
        int serf = TestAgent.freePort();
        for (int i = 0; i < 3; i++) {
            String ip = "127.0.0." + (i + 2);
            servers.add(new Server(ip, TestAgent.freePort(), args(ip, i, serf), new AgentProcess[1]));
        }
        for (Server s : servers) {
            start(s, "1");
        }
        String leader = awaitLeader(servers);
        assertThat(put(servers.get(0), "before", "1")).as(this::logs).isEqualTo("true");

        Server victim = servers.stream().filter(s -> leader.startsWith(s.ip() + ":")).findFirst().orElseThrow();
        victim.process()[0].kill9();
        List<Server> rest = servers.stream().filter(s -> s != victim).toList();
        String newLeader = awaitLeader(rest);
        assertThat(newLeader).isNotEqualTo(leader);
        // A write in flight to the dead leader may fail (Consul does not resend a write that may have been
        // taken); once the survivors agree on a new leader, writes through either of them succeed.
        assertThat(putWithin(rest.get(0), "after", "2", Duration.ofSeconds(10))).as(this::logs).isEqualTo("true");

        start(victim, "2");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!getOrEmpty(victim, "/v1/kv/after?stale&raw").equals("2")) {
            assertThat(System.nanoTime()).as("restarted server caught up").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(get(victim, "/v1/kv/before?stale&raw")).isEqualTo("1");
    }

    private String[] args(String ip, int i, int serf) {
        return new String[] {"agent", "-server", "-bootstrap-expect=3", "-node=s" + i,
            "-data-dir=" + tmp.resolve("s" + i), "-bind=" + ip, "-client=" + ip, "-dns-port=-1",
            "-serf-lan-port=" + serf, "-serf-wan-port=" + TestAgent.freePort(),
            "-server-port=" + TestAgent.freePort(), "-retry-join=127.0.0.2:" + serf,
            "-retry-join=127.0.0.3:" + serf, "-retry-interval=1s", "-log-level=debug"};
    }

    private void start(Server s, String run) throws IOException {
        List<String> all = new ArrayList<>(List.of(s.args()));
        all.add("-http-port=" + s.http());
        s.process()[0] = AgentProcess.start(tmp.resolve(s.ip() + "-" + run + ".log"), all.toArray(String[]::new));
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        servers.forEach(c -> b.append("\n==== ").append(c.ip()).append(":\n").append(c.process()[0].output()));
        return b.toString();
    }

    /** Waits until every candidate names the same leader, one of the candidates. */
    private static String awaitLeader(List<Server> candidates) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Server s : candidates) {
                try {
                    seen.add(get(s, "/v1/status/leader").replace("\"", ""));
                } catch (IOException notUp) {
                    seen.add("");
                }
            }
            String l = seen.iterator().next();
            if (seen.size() == 1 && !l.isEmpty() && candidates.stream().anyMatch(c -> l.startsWith(c.ip() + ":"))) {
                return l;
            }
            Thread.sleep(100);
        }
        StringBuilder logs = new StringBuilder();
        candidates.forEach(c -> logs.append(c.ip()).append(":\n").append(c.process()[0].output()));
        throw new AssertionError("no agreed leader among " + candidates.size() + " servers\n" + logs);
    }

    private static String putWithin(Server s, String key, String value, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String answer = put(s, key, value);
        while (!answer.equals("true") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = put(s, key, value);
        }
        return answer;
    }

    private static String put(Server s, String key, String value) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(s.url("/v1/kv/" + key)))
                .timeout(Duration.ofSeconds(15)).PUT(HttpRequest.BodyPublishers.ofString(value)).build();
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return resp.statusCode() == 200 ? resp.body().trim() : resp.statusCode() + " " + resp.body();
    }

    private static String getOrEmpty(Server s, String path) throws InterruptedException {
        try {
            return get(s, path);
        } catch (IOException notListeningYet) {
            return "";
        }
    }

    private static String get(Server s, String path) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(s.url(path))).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).body();
    }
}
