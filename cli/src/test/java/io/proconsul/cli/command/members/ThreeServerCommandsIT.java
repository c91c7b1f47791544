package io.proconsul.cli.command.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.agent.AgentRuntime;
import io.proconsul.cli.command.kv.CliRun;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of a real three-server datacenter, assembled as the agent command assembles it
 * ({@link AgentRuntime}) on 127.0.0.2-4 with {@code -bootstrap-expect=3}: {@code members} lists three alive
 * servers, {@code operator raft list-peers} one leader and two followers with their commit lag,
 * {@code operator autopilot state} three voters; after {@code leave} on one follower the others see it
 * "left" and the Raft configuration shrinks to two. A crashed server shows "failed" until {@code force-leave}
 * moves it to "left", and it leaves the Raft configuration too.
 */
class ThreeServerCommandsIT {

    private static final Duration FORM = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private final List<AgentRuntime> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(AgentRuntime::close);
    }

    private AgentConfig config(int i, int serfPort) {
        String ip = "127.0.0." + (i + 2);
        return new AgentConfig("s" + i, UUID.randomUUID().toString(), "dc1", "dc1", tmp.resolve("s" + i).toString(),
                true, false, 3, false, ip, List.of(ip), "", AgentConfig.Addresses.NONE,
                new AgentConfig.Ports(-1, 0, -1, -1, serfPort, GossipAgent.freePort(), GossipAgent.freePort()),
                "INFO", "", false, AgentConfig.Limits.DEFAULTS, "consul.", List.of(),
                List.of("127.0.0.2:" + serfPort), Duration.ofSeconds(1), 0, false, Map.of(),
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
    }

    private String addr(AgentRuntime s) {
        return "-http-addr=" + s.config().bindAddr() + ":" + s.httpPort();
    }

    /** Starts three servers and waits until all three are alive members and Raft peers with one leader. */
    private AgentRuntime formCluster() throws Exception {
        int serf = GossipAgent.freePort();
        for (int i = 0; i < 3; i++) {
            AgentRuntime s = AgentRuntime.create(config(i, serf));
            servers.add(s);
            s.start();
        }
        AgentRuntime first = servers.get(0);
        Eventually.within(FORM, () -> {
            CliRun members = CliRun.run("members", addr(first), "-status=alive");
            assertThat(members.out().lines().filter(l -> l.contains(" server ")).count()).isEqualTo(3);
            List<String> peers = CliRun.run("operator", "raft", "list-peers", addr(first)).out().lines().toList();
            assertThat(peers).hasSize(4);
            assertThat(peers.stream().filter(l -> l.contains(" leader ")).count()).isEqualTo(1);
        });
        return first;
    }

    private AgentRuntime aFollower(AgentRuntime any) throws Exception {
        String[] leader = new String[1];
        Eventually.within(FORM, () -> leader[0] = leaderNode(any));
        return servers.stream().filter(s -> !s.config().nodeName().equals(leader[0])).findFirst().orElseThrow();
    }

    @Test
    void membersPeersStateAndAGracefulLeave() throws Exception {
        AgentRuntime first = formCluster();
        // Under load a leader change can come between formCluster's check and this one: ask again.
        Eventually.within(FORM, () -> {
            List<String> peers = CliRun.run("operator", "raft", "list-peers", addr(first)).out().lines().toList();
            assertThat(peers).hasSize(4);
            assertThat(peers.get(0))
                    .matches("Node +ID +Address +State +Voter +RaftProtocol +Commit Index +Trails Leader By");
            assertThat(peers.subList(1, 4)).allMatch(l -> l.matches("s\\d +\\S+ +127\\.0\\.0\\.\\d:\\d+ +"
                    + "(leader +true +3 +\\d+ +_"
                    + "|follower +(true|false) +3 +\\d+ +\\d+ Commits?)"));
        });
        Eventually.within(FORM, () -> assertThat(CliRun.run("operator", "autopilot", "state", addr(first)).out())
                .contains("Healthy:                      true").containsPattern("Voters:\n(   \\S+\n){3}Servers:"));

        AgentRuntime follower = aFollower(first);
        CliRun leave = CliRun.run("leave", addr(follower));
        assertThat(leave.exitCode()).as(leave.toString()).isZero();
        assertThat(leave.out()).isEqualTo("Graceful leave complete\n");
        Eventually.within(FORM, () -> assertThat(follower.isClosed()).isTrue());
        AgentRuntime witness = servers.stream().filter(s -> s != follower).findFirst().orElseThrow();
        Eventually.within(FORM, () -> {
            assertThat(CliRun.run("members", addr(witness)).out())
                    .containsPattern(follower.config().nodeName() + " +\\S+ +left +server ");
            assertThat(CliRun.run("operator", "raft", "list-peers", addr(witness)).out().lines()).hasSize(3);
        });
    }

    @Test
    void aCrashedServerIsFailedUntilForceLeave() throws Exception {
        AgentRuntime first = formCluster();
        AgentRuntime crashed = aFollower(first);
        String name = crashed.config().nodeName();
        // Autopilot's dead-server cleanup would remove the crashed server from Raft by itself; this test is
        // about an operator doing it, so cleanup is off (as seed 004 shows with set-config).
        // (Retried: a new leader's own write of the default settings can win the check-and-set.)
        Eventually.within(FORM, () -> {
            CliRun off = CliRun.run("operator", "autopilot", "set-config", "-cleanup-dead-servers=false", addr(first));
            assertThat(off.exitCode()).as(off.toString()).isZero();
        });
        // Closing without a leave is a crash to the others: no leave intent is gossiped.
        crashed.close();
        AgentRuntime witness = servers.stream().filter(s -> s != crashed).findFirst().orElseThrow();
        Eventually.within(FORM, () -> assertThat(CliRun.run("members", addr(witness), "-status=failed").out())
                .containsPattern(name + " +\\S+ +failed +server "));
        // Autopilot now reports the datacenter unhealthy: 429 from the health endpoint, which list-peers accepts.
        Eventually.within(FORM, () -> {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://"
                    + witness.config().bindAddr() + ":" + witness.httpPort() + "/v1/operator/autopilot/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(429);
            assertThat(health.body()).startsWith("{\"Healthy\":false,");
        });
        CliRun peers = CliRun.run("operator", "raft", "list-peers", addr(witness));
        assertThat(peers.exitCode()).as(peers.toString()).isZero();
        assertThat(peers.out()).contains(name + " ");
        CliRun forceLeave = CliRun.run("force-leave", addr(witness), name);
        assertThat(forceLeave.exitCode()).as(forceLeave.toString()).isZero();
        Eventually.within(FORM, () -> {
            assertThat(CliRun.run("members", addr(witness)).out()).containsPattern(name + " +\\S+ +left +server ");
            assertThat(CliRun.run("operator", "raft", "list-peers", addr(witness)).out()).doesNotContain(name + " ");
        });
    }

    private String leaderNode(AgentRuntime any) {
        return CliRun.run("operator", "raft", "list-peers", addr(any)).out().lines()
                .filter(l -> l.contains(" leader ")).map(l -> l.split(" +")[0]).findFirst().orElseThrow();
    }
}
