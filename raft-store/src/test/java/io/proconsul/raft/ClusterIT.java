package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.event.LeaderChanged;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three servers on loopback form one group from an explicit peer list, as gossip will drive it. */
class ClusterIT {

    @TempDir
    Path dir;

    private final List<RaftStore> stores = new ArrayList<>();
    private final List<InProcessEventBus> buses = new ArrayList<>();
    private final List<List<LeaderChanged>> leaderEvents = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(RaftStore::close);
        buses.forEach(InProcessEventBus::close);
    }

    @Test
    void formsGroupForwardsWritesAndSurvivesLosingTheLeader() throws Exception {
        for (int i = 1; i <= 3; i++) {
            InProcessEventBus bus = new InProcessEventBus();
            List<LeaderChanged> events = new CopyOnWriteArrayList<>();
            bus.subscribeInline(LeaderChanged.class, events::add);
            leaderEvents.add(events);
            RaftStore s = new RaftStore(TestConfigs.server(dir.resolve("s" + i), "server" + i, 3), bus);
            buses.add(bus);
            stores.add(s);
            s.start();
        }
        ExecutionException before = assertThrows(ExecutionException.class,
                () -> stores.get(0).apply(new KvApply(KvOp.set("k", null, 0))).get(10, TimeUnit.SECONDS));
        assertThat(before.getCause()).isInstanceOf(NoClusterLeaderException.class);

        List<RaftPeer> peers = stores.stream().map(RaftStore::self).toList();
        for (RaftStore s : stores) {
            s.bootstrap(peers);
        }
        RaftStore leader = awaitLeader(stores);
        RaftStore follower = stores.stream().filter(s -> s != leader).findFirst().orElseThrow();
        assertThat(follower.peers()).hasSize(3);
        assertThat(follower.raftStats()).containsEntry("num_peers", "2").containsEntry("state", "Follower");

        assertThat(follower.apply(new KvApply(KvOp.set("k", new byte[] {7}, 0))).get(10, TimeUnit.SECONDS)).isTrue();
        // The forwarded write completes only once applied on the follower too: it reads its own write.
        assertThat(follower.query(new KvGet("k"), QueryOptions.DEFAULT.withConsistency(Consistency.STALE))
                .get(10, TimeUnit.SECONDS).value()).isPresent();
        // A default read on a follower goes through a ReadIndex round with the leader.
        Optional<KvEntry> viaFollower = follower.query(new KvGet("k"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS)
                .value();
        assertThat(viaFollower).isPresent();
        // Every server's latest LeaderChanged agrees with what it now sees (leadership may move under load).
        for (int i = 0; i < stores.size(); i++) {
            RaftStore s = stores.get(i);
            List<LeaderChanged> events = leaderEvents.get(i);
            Poll.until(Duration.ofSeconds(10), () -> {
                assertThat(events).isNotEmpty();
                LeaderChanged last = events.get(events.size() - 1);
                assertThat(last.leader()).isEqualTo(s.leader());
                assertThat(last.self()).isEqualTo("Leader".equals(s.raftStats().get("state")));
            });
        }
        for (RaftStore s : stores) {
            Poll.until(Duration.ofSeconds(10), () -> assertThat(s.query(new KvGet("k"),
                    QueryOptions.DEFAULT.withConsistency(Consistency.STALE)).join().value()).isPresent());
        }

        leader.close();
        List<RaftStore> rest = stores.stream().filter(s -> s != leader).toList();
        RaftStore next = awaitLeader(rest);
        assertThat(next.apply(new KvApply(KvOp.set("k2", null, 0))).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(next.query(new KvGet("k"), QueryOptions.DEFAULT.withConsistency(Consistency.CONSISTENT))
                .get(10, TimeUnit.SECONDS).value()).contains(viaFollower.get());
    }

    /**
     * A follower forwards concurrent writes side by side (no Ratis ordering window) and each applies once:
     * a write applied twice would have been modified at a later index than it was created.
     */
    @Test
    void concurrentWritesThroughAFollowerApplyExactlyOnce() throws Exception {
        for (int i = 1; i <= 3; i++) {
            InProcessEventBus bus = new InProcessEventBus();
            RaftStore s = new RaftStore(TestConfigs.server(dir.resolve("s" + i), "server" + i, 3), bus);
            buses.add(bus);
            stores.add(s);
            s.start();
        }
        List<RaftPeer> peers = stores.stream().map(RaftStore::self).toList();
        for (RaftStore s : stores) {
            s.bootstrap(peers);
        }
        RaftStore leader = awaitLeader(stores);
        RaftStore follower = stores.stream().filter(s -> s != leader).findFirst().orElseThrow();
        int n = 300;
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            writes.add(follower.apply(new KvApply(KvOp.set("c/" + i, new byte[] {(byte) i}, 0))));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(writes).allSatisfy(w -> assertThat(w.join()).isTrue());

        QueryResult<List<KvEntry>> all = leader.query(new KvList("c/"), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS);
        assertThat(all.value()).hasSize(n).allSatisfy(e -> assertThat(e.modifyIndex()).isEqualTo(e.createIndex()));
        assertThat(all.value().stream().map(KvEntry::createIndex).distinct()).hasSize(n);
    }

    private static RaftStore awaitLeader(List<RaftStore> group) {
        Poll.until(Duration.ofSeconds(15), () -> {
            assertThat(group).allSatisfy(s -> assertThat(s.leader()).isPresent());
            assertThat(group.stream().map(RaftStore::leader).distinct()).hasSize(1);
            assertThat(group).anySatisfy(s -> assertThat(s.raftStats()).containsEntry("state", "Leader"));
        });
        return group.stream().filter(s -> "Leader".equals(s.raftStats().get("state"))).findFirst().orElseThrow();
    }
}
