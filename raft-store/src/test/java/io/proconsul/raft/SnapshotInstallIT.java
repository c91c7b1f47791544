package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.event.TablesChanged;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.session.Session;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.core.store.SessionCreate;
import io.proconsul.core.store.SessionDestroy;
import io.proconsul.core.store.SessionList;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that was down past the leader's trailing logs catches up from the leader's snapshot: the KV
 * store, and the catalog (with the {@link TablesChanged} event that tells the bus the catalog changed).
 */
class SnapshotInstallIT {

    private static final QueryOptions STALE = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);

    @TempDir
    Path dir;

    private final List<RaftStore> stores = new ArrayList<>();
    private final List<InProcessEventBus> buses = new ArrayList<>();
    private final int[] ports = new int[3];
    private int down;

    @AfterEach
    void stop() {
        stores.forEach(RaftStore::close);
        buses.forEach(InProcessEventBus::close);
    }

    @Test
    void laggingFollowerInstallsTheLeadersSnapshot() throws Exception {
        RaftStore leader = startGroupWithOneFollowerDown();
        for (int i = 0; i < 80; i++) {
            leader.apply(new KvApply(KvOp.set("k/" + i, new byte[] {(byte) i}, 0))).get(10, TimeUnit.SECONDS);
        }
        awaitSnapshot(leader);
        QueryResult<List<KvEntry>> expected = leader.query(new KvList("k/"), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS);

        RaftStore back = restartFollower(new CopyOnWriteArrayList<>());
        QueryResult<List<KvEntry>> got = Poll.result(Duration.ofSeconds(20), () -> {
            QueryResult<List<KvEntry>> r = back.query(new KvList("k/"), STALE).get(10, TimeUnit.SECONDS);
            if (r.index() < expected.index()) {
                throw new IllegalStateException("behind: " + r.index());
            }
            return r;
        });
        assertThat(got.value()).containsExactlyElementsOf(expected.value());
        assertThat(got.index()).isEqualTo(expected.index());
        assertThat(Long.parseLong(back.raftStats().get("last_snapshot_index"))).isPositive();
    }

    @Test
    void laggingFollowerInstallsTheCatalogFromTheLeadersSnapshot() throws Exception {
        RaftStore leader = startGroupWithOneFollowerDown();
        for (int i = 0; i < 20; i++) {
            leader.apply(CatalogRecoveryTest.register("n" + i, "web" + i, "web")).get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 60; i++) {
            leader.apply(new KvApply(KvOp.set("k/" + i, new byte[] {(byte) i}, 0))).get(10, TimeUnit.SECONDS);
        }
        awaitSnapshot(leader);
        QueryResult<List<ServiceEntry>> expected = leader.query(new ServiceNodes("web"), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS);
        QueryResult<List<Node>> expectedNodes = leader.query(new CatalogNodes(), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS);

        List<TablesChanged> backTables = new CopyOnWriteArrayList<>();
        RaftStore back = restartFollower(backTables);
        QueryResult<List<Node>> nodes = Poll.result(Duration.ofSeconds(20), () -> {
            QueryResult<List<Node>> r = back.query(new CatalogNodes(), STALE).get(10, TimeUnit.SECONDS);
            if (r.index() < expectedNodes.index()) {
                throw new IllegalStateException("behind: " + r.index());
            }
            return r;
        });
        assertThat(nodes.value()).isEqualTo(expectedNodes.value());
        QueryResult<List<ServiceEntry>> web = back.query(new ServiceNodes("web"), STALE).get(10, TimeUnit.SECONDS);
        assertThat(web.value()).isEqualTo(expected.value());
        assertThat(web.index()).isEqualTo(expected.index());
        assertThat(Long.parseLong(back.raftStats().get("last_snapshot_index"))).isPositive();
        // Only the snapshot carried catalog writes to this server (the log after it holds KV writes alone),
        // so this event is the snapshot install telling the bus that the catalog changed (DNS caches drop).
        Poll.until(Duration.ofSeconds(5), () -> assertThat(backTables)
                .anyMatch(t -> t.tables().containsAll(List.of("nodes", "services", "checks"))));
    }

    @Test
    void laggingFollowerInstallsSessionsAndTheKeysTheyHoldFromTheLeadersSnapshot() throws Exception {
        RaftStore leader = startGroupWithOneFollowerDown();
        leader.apply(SessionStoreTest.registerNode("n1", HealthStatus.PASSING)).get(10, TimeUnit.SECONDS);
        leader.apply(new SessionCreate(SessionStoreTest.session(SessionStoreTest.S1, "", 0))).get(10, TimeUnit.SECONDS);
        leader.apply(new SessionCreate(SessionStoreTest.session(SessionStoreTest.S2, "", 0))).get(10, TimeUnit.SECONDS);
        assertThat(leader.apply(SessionStoreTest.lock("held", SessionStoreTest.S1)).get(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 60; i++) {
            leader.apply(new KvApply(KvOp.set("k/" + i, new byte[] {(byte) i}, 0))).get(10, TimeUnit.SECONDS);
        }
        awaitSnapshot(leader);
        QueryResult<List<Session>> expected = leader.query(new SessionList(), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS);

        RaftStore back = restartFollower(new CopyOnWriteArrayList<>());
        QueryResult<List<Session>> got = Poll.result(Duration.ofSeconds(20), () -> {
            QueryResult<List<Session>> r = back.query(new SessionList(), STALE).get(10, TimeUnit.SECONDS);
            if (r.index() < expected.index()) {
                throw new IllegalStateException("behind: " + r.index());
            }
            return r;
        });
        assertThat(got.value()).isEqualTo(expected.value());
        assertThat(got.index()).isEqualTo(expected.index());
        assertThat(Long.parseLong(back.raftStats().get("last_snapshot_index"))).isPositive();
        // The held-key index came along too: destroying the session releases the key on every server.
        back.apply(new SessionDestroy(SessionStoreTest.S1)).get(10, TimeUnit.SECONDS);
        assertThat(back.query(new KvGet("held"), STALE).get(10, TimeUnit.SECONDS).value().orElseThrow().session())
                .isEmpty();
    }

    /** Three bootstrapped servers; one follower is then closed ({@link #down}). Returns the leader. */
    private RaftStore startGroupWithOneFollowerDown() throws Exception {
        for (int i = 0; i < 3; i++) {
            ports[i] = freePort();
            stores.add(start(i, new CopyOnWriteArrayList<>()));
        }
        List<RaftPeer> peers = stores.stream().map(RaftStore::self).toList();
        for (RaftStore s : stores) {
            s.bootstrap(peers);
        }
        RaftStore leader = awaitLeader(stores);
        down = stores.indexOf(stores.stream().filter(s -> s != leader).findFirst().orElseThrow());
        stores.get(down).close();
        return leader;
    }

    private static void awaitSnapshot(RaftStore leader) {
        Poll.until(Duration.ofSeconds(10), () ->
                assertThat(Long.parseLong(leader.raftStats().get("last_snapshot_index"))).isGreaterThan(40));
    }

    /** The closed follower again, on its old directory and port; its bus's table events go to {@code tablesSeen}. */
    private RaftStore restartFollower(List<TablesChanged> tablesSeen) throws Exception {
        RaftStore back = start(down, tablesSeen);
        stores.set(down, back);
        return back;
    }

    private RaftStore start(int i, List<TablesChanged> tablesSeen) throws Exception {
        InProcessEventBus bus = new InProcessEventBus();
        buses.add(bus);
        bus.subscribeInline(TablesChanged.class, tablesSeen::add);
        // Small log segments and purge gap, so that snapshots really cut the log the follower needs.
        Tuning tuning = new Tuning(Duration.ofMinutes(15), Duration.ofSeconds(30), 4096, 4);
        RaftStore s = new RaftStore(TestConfigs.server(dir.resolve("s" + i), "server" + i, ports[i], 20, 5), bus,
                tuning);
        s.start();
        return s;
    }

    private static RaftStore awaitLeader(List<RaftStore> group) {
        Poll.until(Duration.ofSeconds(15), () ->
                assertThat(group).anySatisfy(s -> assertThat(s.raftStats()).containsEntry("state", "Leader")));
        return group.stream().filter(s -> "Leader".equals(s.raftStats().get("state"))).findFirst().orElseThrow();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
