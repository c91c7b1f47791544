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
