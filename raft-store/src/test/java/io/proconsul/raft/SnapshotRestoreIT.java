package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.Node;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.Txn;
import io.proconsul.core.store.TxnOp;
import io.proconsul.raft.snapshot.SnapshotArchive;
import io.proconsul.raft.snapshot.SnapshotMeta;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot saved on a one-server cluster and restored through a follower of a fresh three-server cluster:
 * every server ends with the same data and the same indexes, later writes get higher indexes, a blocking
 * query waiting across the restore wakes, and a damaged archive changes nothing.
 */
class SnapshotRestoreIT {

    private static final QueryOptions STALE = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);

    @TempDir
    Path dir;

    private final Servers servers = new Servers();

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void savedStateRestoresOnEveryServerOfAnotherClusterWithItsIndexes() throws Exception {
        RaftStore source = servers.start(TestConfigs.dev(dir.resolve("source")));
        Poll.until(Duration.ofSeconds(20), () -> assertThat(source.leader()).isPresent());
        for (int i = 0; i < 60; i++) {
            apply(source, new KvApply(KvOp.set("app/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), i)));
        }
        List<TxnOp> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(KvOp.set("bulk/" + i, new byte[] {(byte) i}, 0));
        }
        apply(source, new Txn(batch));
        apply(source, new KvApply(KvOp.delete("app/7")));
        apply(source, CatalogRecoveryTest.register("node-a", "web-1", "web"));
        QueryResult<List<KvEntry>> kv = source.query(new KvList(""), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        QueryResult<List<Node>> nodes = source.query(new CatalogNodes(), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);

        SnapshotStore.Saved saved = source.save(QueryOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        SnapshotMeta meta;
        try (InputStream in = Files.newInputStream(saved.file())) {
            meta = SnapshotArchive.read(in, OutputStream.nullOutputStream());
        }
        assertThat(meta.index()).isEqualTo(saved.index()).isGreaterThanOrEqualTo(kv.index());

        List<RaftStore> cluster = startCluster();
        RaftStore leader = awaitLeader(cluster);
        RaftStore follower = cluster.stream().filter(s -> s != leader).findFirst().orElseThrow();
        apply(leader, new KvApply(KvOp.set("app/1", "old".getBytes(StandardCharsets.UTF_8), 0)));
        apply(leader, new KvApply(KvOp.set("gone-after-restore", new byte[] {1}, 0)));
        QueryResult<Optional<KvEntry>> before = follower.query(new KvGet("app/1"), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS);
        assertThat(before.index()).isLessThan(kv.index());
        CompletableFuture<QueryResult<Optional<KvEntry>>> waiting =
                follower.query(new KvGet("app/1"), QueryOptions.DEFAULT.blocking(before.index(), Duration.ofMinutes(1)));

        follower.restore(saved.file()).get(60, TimeUnit.SECONDS);

        QueryResult<Optional<KvEntry>> woke = waiting.get(10, TimeUnit.SECONDS);
        assertThat(text(woke.value().orElseThrow().value())).isEqualTo("v1");
        for (RaftStore s : cluster) {
            QueryResult<List<KvEntry>> got = Poll.result(Duration.ofSeconds(20), () -> {
                QueryResult<List<KvEntry>> r = s.query(new KvList(""), STALE).get(10, TimeUnit.SECONDS);
                if (r.index() != kv.index()) {
                    throw new IllegalStateException("not restored yet: " + r.index());
                }
                return r;
            });
            assertThat(render(got.value())).containsExactlyElementsOf(render(kv.value()));
            QueryResult<List<Node>> n = s.query(new CatalogNodes(), STALE).get(10, TimeUnit.SECONDS);
            assertThat(n.value()).isEqualTo(nodes.value());
            assertThat(n.index()).isEqualTo(nodes.index());
        }

        apply(follower, new KvApply(KvOp.set("after", new byte[] {2}, 0)));
        for (RaftStore s : cluster) {
            KvEntry after = Poll.result(Duration.ofSeconds(20),
                    () -> s.query(new KvGet("after"), STALE).get(10, TimeUnit.SECONDS).value().orElseThrow());
            assertThat(after.createIndex()).isGreaterThan(meta.index());
        }
        SnapshotStore.Saved again = leader.save(QueryOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        assertThat(again.index()).isGreaterThan(meta.index());
        Files.delete(again.file());
    }

    @Test
    void aDamagedArchiveIsRefusedAndChangesNothing() throws Exception {
        Path leftover = Files.createDirectories(dir.resolve("one/snapshot-tmp")).resolve("upload-1.snap");
        Files.write(leftover, new byte[] {1, 2, 3});
        RaftStore store = servers.start(TestConfigs.dev(dir.resolve("one")));
        assertThat(leftover).as("a crash's leftover is removed at start").doesNotExist();
        Poll.until(Duration.ofSeconds(20), () -> assertThat(store.leader()).isPresent());
        apply(store, new KvApply(KvOp.set("keep", new byte[] {1}, 0)));
        SnapshotStore.Saved saved = store.save(QueryOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        apply(store, new KvApply(KvOp.set("later", new byte[] {2}, 0)));
        byte[] archive = Files.readAllBytes(saved.file());
        Path cut = dir.resolve("cut.snap");
        Files.write(cut, java.util.Arrays.copyOf(archive, archive.length - 30));

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> store.restore(cut).get(30, TimeUnit.SECONDS));

        assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("failed to read snapshot file: ");
        assertThat(store.query(new KvList(""), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value())
                .extracting(KvEntry::key).containsExactly("keep", "later");
    }

    @Test
    void aBlockingQueryAboveTheRestoredIndexReturnsAtTheRestore() throws Exception {
        RaftStore store = servers.start(TestConfigs.dev(dir.resolve("abandon")));
        Poll.until(Duration.ofSeconds(20), () -> assertThat(store.leader()).isPresent());
        apply(store, new KvApply(KvOp.set("watched", "old".getBytes(StandardCharsets.UTF_8), 0)));
        SnapshotStore.Saved early = store.save(QueryOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            apply(store, new KvApply(KvOp.set("watched", ("new" + i).getBytes(StandardCharsets.UTF_8), 0)));
        }
        long now = store.query(new KvGet("watched"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).index();
        CompletableFuture<QueryResult<Optional<KvEntry>>> waiting =
                store.query(new KvGet("watched"), QueryOptions.DEFAULT.blocking(now, Duration.ofMinutes(1)));

        store.restore(early.file()).get(30, TimeUnit.SECONDS);

        // Consul's abandoned state store: the index went backwards and the query returns with it.
        QueryResult<Optional<KvEntry>> woke = waiting.get(10, TimeUnit.SECONDS);
        assertThat(woke.index()).isLessThan(now).isLessThanOrEqualTo(early.index());
        assertThat(text(woke.value().orElseThrow().value())).isEqualTo("old");
        apply(store, new KvApply(KvOp.set("watched", "after".getBytes(StandardCharsets.UTF_8), 0)));
        assertThat(store.query(new KvGet("watched"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value()
                .orElseThrow().modifyIndex()).isGreaterThan(now);
    }

    private List<RaftStore> startCluster() throws Exception {
        List<RaftStore> cluster = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            cluster.add(servers.start(TestConfigs.server(dir.resolve("s" + i), "server" + i, 3)));
        }
        List<RaftPeer> peers = cluster.stream().map(RaftStore::self).toList();
        for (RaftStore s : cluster) {
            s.bootstrap(peers);
        }
        return cluster;
    }

    private static RaftStore awaitLeader(List<RaftStore> cluster) {
        Poll.until(Duration.ofSeconds(30), () -> {
            for (RaftStore s : cluster) {
                assertThat(s.leader()).isPresent().isEqualTo(cluster.get(0).leader());
            }
        });
        String address = cluster.get(0).leader().orElseThrow();
        return cluster.stream().filter(s -> s.self().getAddress().equals(address)).findFirst().orElseThrow();
    }

    private static <R> R apply(RaftStore s, io.proconsul.core.store.Command<R> command) throws Exception {
        return s.apply(command).get(20, TimeUnit.SECONDS);
    }

    private static List<String> render(List<KvEntry> entries) {
        return entries.stream().map(e -> e.key() + "|" + e.flags() + "|" + text(e.value()) + "|" + e.createIndex()
                + "|" + e.modifyIndex() + "|" + e.lockIndex()).toList();
    }

    private static String text(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }
}
