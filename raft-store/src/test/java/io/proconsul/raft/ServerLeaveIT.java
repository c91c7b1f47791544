package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's graceful leave: it takes itself out of Raft, and the others keep serving. */
class ServerLeaveIT {

    @TempDir
    Path dir;

    private final Servers servers = new Servers();

    @AfterEach
    void stop() {
        servers.close();
    }

    private List<RaftStore> threeServers() throws Exception {
        for (int i = 0; i < 3; i++) {
            servers.start(TestConfigs.server(dir.resolve("s" + i), "server" + i, 3));
        }
        servers.gossip(MemberEvent.Type.JOIN, servers.stores);
        return List.copyOf(servers.stores);
    }

    @Test
    void aFollowerLeavesAndTheOthersKeepServing() throws Exception {
        List<RaftStore> all = threeServers();
        RaftStore leader = servers.awaitLeader(all, 3);
        RaftStore leaving = servers.followers(all, leader).get(0);
        RaftStore staying = servers.followers(all, leader).get(1);

        leaving.leave().get(30, TimeUnit.SECONDS);
        servers.gossip(MemberEvent.Type.LEAVE, List.of(leaving));

        assertThat(leader.peers()).hasSize(2).doesNotContain(leaving.self().getAddress());
        assertLeft(leaving);
        assertThat(staying.apply(new KvApply(KvOp.set("k", null, 0))).get(10, TimeUnit.SECONDS)).isTrue();
        Poll.until(Duration.ofSeconds(10), () -> assertThat(staying.peers()).hasSize(2));
    }

    @Test
    void theLeaderHandsOverLeadershipThenLeaves() throws Exception {
        List<RaftStore> all = threeServers();
        RaftStore leader = servers.awaitLeader(all, 3);
        leader.apply(new KvApply(KvOp.set("before", null, 0))).get(10, TimeUnit.SECONDS);
        List<RaftStore> rest = servers.followers(all, leader);

        leader.leave().get(30, TimeUnit.SECONDS);
        servers.gossip(MemberEvent.Type.LEAVE, List.of(leader));

        RaftStore next = servers.awaitLeader(rest, 2);
        assertThat(next).isNotSameAs(leader);
        assertThat(next.peers()).doesNotContain(leader.self().getAddress());
        assertLeft(leader);
        for (RaftStore s : rest) {
            assertThat(s.apply(new KvApply(KvOp.set("after-" + s.self().getId(), null, 0)))
                    .get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(s.query(new KvGet("before"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value()).isPresent();
        }
    }

    @Test
    void aServerThatLeftIsAddedAgainWhenRestartedAndBackInGossip() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        for (int i = 0; i < 3; i++) {
            servers.start(TestConfigs.server(dir.resolve("s" + i), "server" + i, ports[i], 16384, 10240));
        }
        servers.gossip(MemberEvent.Type.JOIN, servers.stores);
        List<RaftStore> all = List.copyOf(servers.stores);
        RaftStore leader = servers.awaitLeader(all, 3);
        leader.setAutopilotConfiguration(new io.proconsul.core.operator.AutopilotConfig(true, Duration.ofMillis(200),
                250, 0, Duration.ofSeconds(1), 0, 0), -1).get(10, TimeUnit.SECONDS);
        RaftStore leaving = servers.followers(all, leader).get(0);
        int index = all.indexOf(leaving);
        leaving.leave().get(30, TimeUnit.SECONDS);
        servers.gossip(MemberEvent.Type.LEAVE, List.of(leaving));
        leaving.close();
        leader.apply(new KvApply(KvOp.set("while-away", null, 0))).get(10, TimeUnit.SECONDS);

        RaftStore back = servers.start(TestConfigs.server(dir.resolve("s" + index), "server" + index, ports[index],
                16384, 10240));
        servers.gossip(MemberEvent.Type.JOIN, List.of(back));

        Poll.until(Duration.ofSeconds(30), () -> assertThat(leader.peers()).hasSize(3)
                .contains(back.self().getAddress()));
        Poll.until(Duration.ofSeconds(20), () -> assertThat(back.leader()).isEqualTo(leader.leader()));
        assertThat(Servers.eventually(Duration.ofSeconds(20), () -> back.query(new KvGet("while-away"),
                QueryOptions.DEFAULT.withConsistency(io.proconsul.core.store.Consistency.STALE))
                .get(10, TimeUnit.SECONDS).value().orElseThrow())).isNotNull();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aLoneServerJustStops() throws Exception {
        RaftStore dev = servers.start(TestConfigs.dev(dir.resolve("d")));
        Poll.until(Duration.ofSeconds(10), () -> assertThat(dev.leader()).isPresent());

        dev.leave().get(10, TimeUnit.SECONDS);

        assertLeft(dev);
    }

    /** After leaving, the server answers "No cluster leader" and has no Raft peers. */
    private static void assertLeft(RaftStore s) {
        assertThat(s.leader()).isEmpty();
        assertThat(s.peers()).isEmpty();
        ExecutionException write = assertThrows(ExecutionException.class,
                () -> s.apply(new KvApply(KvOp.set("x", null, 0))).get(10, TimeUnit.SECONDS));
        assertThat(write.getCause()).isInstanceOf(NoClusterLeaderException.class);
        ExecutionException read = assertThrows(ExecutionException.class,
                () -> s.query(new KvGet("x"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS));
        assertThat(read.getCause()).isInstanceOf(NoClusterLeaderException.class);
    }
}
