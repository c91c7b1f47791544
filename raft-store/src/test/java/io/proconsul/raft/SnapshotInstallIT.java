package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A follower that was down past the leader's trailing logs catches up from the leader's snapshot. */
class SnapshotInstallIT {

    private static final QueryOptions STALE = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);

    @TempDir
    Path dir;

    private final List<RaftStore> stores = new ArrayList<>();
    private final List<InProcessEventBus> buses = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(RaftStore::close);
        buses.forEach(InProcessEventBus::close);
    }

    @Test
    void laggingFollowerInstallsTheLeadersSnapshot() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        for (int i = 0; i < 3; i++) {
            stores.add(start(i, ports[i]));
        }
        List<RaftPeer> peers = stores.stream().map(RaftStore::self).toList();
        for (RaftStore s : stores) {
            s.bootstrap(peers);
        }
        RaftStore leader = awaitLeader(stores);
        int down = stores.indexOf(stores.stream().filter(s -> s != leader).findFirst().orElseThrow());
        stores.get(down).close();

        for (int i = 0; i < 80; i++) {
            leader.apply(new KvApply(KvOp.set("k/" + i, new byte[] {(byte) i}, 0))).get(10, TimeUnit.SECONDS);
        }
        Poll.until(Duration.ofSeconds(10), () ->
                assertThat(Long.parseLong(leader.raftStats().get("last_snapshot_index"))).isGreaterThan(40));
        QueryResult<List<KvEntry>> expected = leader.query(new KvList("k/"), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS);

        RaftStore back = start(down, ports[down]);
        stores.set(down, back);
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

    private RaftStore start(int i, int port) throws Exception {
        InProcessEventBus bus = new InProcessEventBus();
        buses.add(bus);
        // Small log segments and purge gap, so that snapshots really cut the log the follower needs.
        Tuning tuning = new Tuning(Duration.ofMinutes(15), Duration.ofSeconds(30), 4096, 4);
        RaftStore s = new RaftStore(TestConfigs.server(dir.resolve("s" + i), "server" + i, port, 20, 5), bus, tuning);
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
