package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Close and reopen the same data dir: snapshots plus log replay bring back every acknowledged write. */
class RecoveryTest {

    @TempDir
    Path dir;

    @Test
    void restartRecoversSnapshotAndLogWithIdenticalIndexes() throws Exception {
        List<KvEntry> before;
        long listIndex;
        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.devWithSnapshotThreshold(dir, 20), bus)) {
            store.start();
            for (int i = 0; i < 50; i++) {
                assertThat(store.apply(new KvApply(KvOp.set("k/" + i, bytes("v" + i), i))).get(10, TimeUnit.SECONDS))
                        .isTrue();
            }
            store.apply(new KvApply(KvOp.delete("k/7"))).get(10, TimeUnit.SECONDS);
            Poll.until(Duration.ofSeconds(10), () ->
                    assertThat(Long.parseLong(store.raftStats().get("last_snapshot_index"))).isPositive());
            QueryResult<List<KvEntry>> list = store.query(new KvList("k/"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            before = list.value();
            listIndex = list.index();
        }
        assertThat(snapshotDirs()).isNotEmpty();

        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.devWithSnapshotThreshold(dir, 20), bus)) {
            store.start();
            QueryResult<List<KvEntry>> after = Poll.result(Duration.ofSeconds(10),
                    () -> store.query(new KvList("k/"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS));
            assertThat(after.value()).containsExactlyElementsOf(before);
            assertThat(after.index()).isEqualTo(listIndex);
            // New writes continue after the recovered indexes.
            store.apply(new KvApply(KvOp.set("k/new", bytes("x"), 0))).get(10, TimeUnit.SECONDS);
            KvEntry fresh = store.query(new KvGet("k/new"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS)
                    .value().orElseThrow();
            assertThat(fresh.modifyIndex()).isGreaterThan(listIndex);
        }
    }

    @Test
    void lostStateIsRestoredFromSnapshotAndLog() throws Exception {
        long index;
        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.devWithSnapshotThreshold(dir, 10), bus)) {
            store.start();
            for (int i = 0; i < 25; i++) {
                store.apply(new KvApply(KvOp.set("k/" + i, bytes("v" + i), 0))).get(10, TimeUnit.SECONDS);
            }
            Poll.until(Duration.ofSeconds(10), () ->
                    assertThat(Long.parseLong(store.raftStats().get("last_snapshot_index"))).isPositive());
            index = store.query(new KvList("k/"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).index();
        }
        deleteTree(dir.resolve("state"));

        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.devWithSnapshotThreshold(dir, 10), bus)) {
            store.start();
            QueryResult<List<KvEntry>> after = Poll.result(Duration.ofSeconds(10),
                    () -> store.query(new KvList("k/"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS));
            assertThat(after.value()).hasSize(25);
            assertThat(after.index()).isEqualTo(index);
        }
    }

    @Test
    void serverWithoutBootstrapAnswersNoClusterLeader() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.expecting(dir, 3), bus)) {
            store.start();
            ExecutionException write = assertThrows(ExecutionException.class,
                    () -> store.apply(new KvApply(KvOp.set("k", bytes("v"), 0))).get(10, TimeUnit.SECONDS));
            assertThat(write.getCause()).isInstanceOf(NoClusterLeaderException.class).hasMessage("No cluster leader");
            ExecutionException read = assertThrows(ExecutionException.class,
                    () -> store.query(new KvGet("k"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS));
            assertThat(read.getCause()).isInstanceOf(NoClusterLeaderException.class);
            assertThat(store.leader()).isEmpty();
            assertThat(store.peers()).isEmpty();
        }
    }

    private List<Path> snapshotDirs() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("raft"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("snapshot.")).toList();
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
