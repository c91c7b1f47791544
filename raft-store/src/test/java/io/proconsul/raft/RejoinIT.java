package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that autopilot removed while it was down comes back as Consul's does: it rejoins gossip, the
 * leader adds it again, it catches up and serves. Ratis shuts the returning server's division down when
 * the leader answers its vote request with "you are not in the configuration"; the store must re-enter
 * the group instead of staying closed.
 */
class RejoinIT {

    private static final QueryOptions STALE = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);

    @TempDir
    Path dir;

    private final Servers servers = new Servers();

    @AfterEach
    void stop() {
        servers.close();
    }

    private AgentConfig config(int i, int port) {
        return TestConfigs.server(dir.resolve("s" + i), "server" + i, port, 16384, 10240);
    }

    @Test
    void aServerRemovedWhileDownIsAddedBackAndCatchesUp() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        for (int i = 0; i < 3; i++) {
            servers.start(config(i, ports[i]));
        }
        servers.gossip(MemberEvent.Type.JOIN, servers.stores);
        RaftStore leader = servers.awaitLeader(List.copyOf(servers.stores), 3);
        // Stabilization longer than an election timeout: the returning server asks for votes (and is told it
        // was removed) before the leader adds it back.
        AutopilotConfig autopilot = new AutopilotConfig(true, Duration.ofMillis(200), 250, 0, Duration.ofSeconds(3),
                0, 0);
        assertThat(leader.setAutopilotConfiguration(autopilot, -1).get(10, TimeUnit.SECONDS)).isTrue();
        int down = servers.stores.indexOf(servers.followers(servers.stores, leader).get(0));
        RaftStore gone = servers.stores.get(down);
        String goneAddress = gone.self().getAddress();
        gone.close();
        servers.gossip(MemberEvent.Type.FAILED, List.of(gone));
        Poll.until(Duration.ofSeconds(20), () -> assertThat(leader.peers()).hasSize(2).doesNotContain(goneAddress));
        for (int i = 0; i < 20; i++) {
            assertThat(leader.apply(new KvApply(KvOp.set("while-down/" + i, bytes("v" + i), 0)))
                    .get(10, TimeUnit.SECONDS)).isTrue();
        }
        long expectedIndex = leader.query(new KvList("while-down/"), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS).index();

        RaftStore back = servers.restart(down, config(down, ports[down]));
        servers.gossip(MemberEvent.Type.JOIN, servers.stores);

        Poll.until(Duration.ofSeconds(40), () -> {
            assertThat(leader.peers()).hasSize(3).contains(goneAddress);
            assertThat(back.leader()).isPresent().isEqualTo(leader.leader());
        });
        List<KvEntry> caughtUp = Poll.result(Duration.ofSeconds(20), () -> {
            var r = back.query(new KvList("while-down/"), STALE).get(10, TimeUnit.SECONDS);
            if (r.index() < expectedIndex) {
                throw new IllegalStateException("behind: " + r.index() + " < " + expectedIndex);
            }
            return r.value();
        });
        assertThat(caughtUp).hasSize(20);
        assertThat(back.apply(new KvApply(KvOp.set("after", bytes("through the returned server"), 0)))
                .get(10, TimeUnit.SECONDS)).isTrue();
        Poll.until(Duration.ofSeconds(10), () -> assertThat(value(leader, "after"))
                .contains("through the returned server"));
        assertThat(value(back, "after")).contains("through the returned server");
    }

    private static Optional<String> value(RaftStore s, String key) {
        try {
            return s.query(new KvGet(key), STALE).get(10, TimeUnit.SECONDS).value()
                    .map(e -> new String(e.value(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
