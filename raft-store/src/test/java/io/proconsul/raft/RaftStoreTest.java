package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.event.LeaderChanged;
import io.proconsul.core.event.TablesChanged;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvKeys;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.Txn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real single-peer Ratis server over RocksDB on loopback. */
class RaftStoreTest {

    @TempDir
    Path dir;

    private InProcessEventBus bus;
    private RaftStore store;
    private final List<LeaderChanged> leaders = new CopyOnWriteArrayList<>();
    private final List<TablesChanged> tables = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        bus = new InProcessEventBus();
        bus.subscribeInline(LeaderChanged.class, leaders::add);
        bus.subscribeInline(TablesChanged.class, tables::add);
        store = new RaftStore(TestConfigs.dev(dir), bus);
        store.start();
    }

    @AfterEach
    void stop() {
        store.close();
        bus.close();
    }

    @Test
    void singlePeerElectsItselfAndReportsLeaderPeersAndStats() {
        Poll.until(Duration.ofSeconds(5), () -> assertThat(store.leader()).isPresent());
        assertThat(store.leader()).contains("127.0.0.1:" + store.serverPort());
        assertThat(store.peers()).containsExactly(store.leader().get());
        Poll.until(Duration.ofSeconds(5), () -> assertThat(store.raftStats()).containsEntry("state", "Leader"));
        assertThat(store.raftStats()).containsEntry("num_peers", "0").containsEntry("last_contact", "0")
                .containsEntry("latest_configuration",
                        "[{Suffrage:Voter ID:node1 Address:" + store.leader().get() + "}]")
                .containsEntry("protocol_version", "3")
                .containsKeys("applied_index", "commit_index", "fsm_pending", "last_log_index", "last_log_term",
                        "last_snapshot_index", "last_snapshot_term", "latest_configuration_index", "term");
        Poll.until(Duration.ofSeconds(5), () -> assertThat(leaders)
                .anyMatch(e -> e.self() && e.leader().equals(store.leader()) && e.term() > 0));
    }

    @Test
    void applyThenQueryRoundTrip() throws Exception {
        assertThat(put("web/a", "1")).isTrue();
        QueryResult<Optional<KvEntry>> got = get(new KvGet("web/a"), QueryOptions.DEFAULT);
        KvEntry e = got.value().orElseThrow();
        assertThat(new String(e.value(), StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(e.createIndex()).isEqualTo(e.modifyIndex());
        assertThat(got.index()).isEqualTo(e.modifyIndex());
        assertThat(got.knownLeader()).isTrue();
        assertThat(got.lastContactMillis()).isZero();
        assertThat(got.consistency()).isEqualTo(Consistency.DEFAULT);
        Poll.until(Duration.ofSeconds(2), () -> assertThat(tables)
                .anyMatch(t -> t.tables().contains("kvs") && t.index() == e.modifyIndex()));

        assertThat(apply(new KvApply(KvOp.cas("web/a", bytes("2"), 0, e.modifyIndex() + 100)))).isFalse();
        assertThat(apply(new KvApply(KvOp.cas("web/a", bytes("2"), 0, e.modifyIndex())))).isTrue();
        QueryResult<List<String>> keys = get(new KvKeys("", "/"), QueryOptions.DEFAULT);
        assertThat(keys.value()).containsExactly("web/");
    }

    @Test
    void consistentAndStaleReadsSeeAcknowledgedWrites() throws Exception {
        put("k", "v");
        QueryResult<Optional<KvEntry>> consistent =
                get(new KvGet("k"), QueryOptions.DEFAULT.withConsistency(Consistency.CONSISTENT));
        assertThat(consistent.value()).isPresent();
        assertThat(consistent.consistency()).isEqualTo(Consistency.CONSISTENT);
        QueryResult<Optional<KvEntry>> stale =
                get(new KvGet("k"), QueryOptions.DEFAULT.withConsistency(Consistency.STALE));
        assertThat(stale.value()).isPresent();
        assertThat(stale.consistency()).isEqualTo(Consistency.STALE);
    }

    @Test
    void txnCommitsAllOrNothing() throws Exception {
        TxnResult ok = apply(new Txn(List.of(KvOp.set("t/a", bytes("a"), 0), KvOp.set("t/b", bytes("b"), 0))));
        assertThat(ok.committed()).isTrue();
        assertThat(ok.results()).extracting(KvEntry::key).containsExactly("t/a", "t/b");
        assertThat(ok.results()).allMatch(r -> r.value() == null);

        TxnResult failed = apply(new Txn(List.of(KvOp.set("t/c", bytes("c"), 0),
                new KvOp(KvVerb.CHECK_NOT_EXISTS, "t/a", null, 0, 0, ""))));
        assertThat(failed.committed()).isFalse();
        assertThat(failed.errors()).singleElement().satisfies(err -> {
            assertThat(err.opIndex()).isEqualTo(1);
            assertThat(err.what()).isEqualTo("key \"t/a\" exists");
        });
        QueryResult<List<KvEntry>> list = get(new KvList("t/"), QueryOptions.DEFAULT);
        assertThat(list.value()).extracting(KvEntry::key).containsExactly("t/a", "t/b");
        assertThat(list.index()).isEqualTo(ok.index());
    }

    @Test
    void lockWithUnknownSessionFailsWithConsulsError() {
        CompletableFuture<Boolean> f =
                store.apply(new KvApply(new KvOp(KvVerb.LOCK, "l", bytes("x"), 0, 0, "abc")));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("invalid session \"abc\"");
    }

    @Test
    void blockingQueryWakesOnWatchedKeyOnly() throws Exception {
        put("watched/a", "1");
        put("other/x", "1");
        long index = get(new KvList("watched/"), QueryOptions.DEFAULT).index();
        CompletableFuture<QueryResult<List<KvEntry>>> blocked =
                store.query(new KvList("watched/"), QueryOptions.DEFAULT.blocking(index, Duration.ofSeconds(30)));
        put("other/y", "2");
        put("watchedX", "2");
        assertThat(blocked).isNotDone();
        put("watched/b", "2");
        QueryResult<List<KvEntry>> woken = blocked.get(10, TimeUnit.SECONDS);
        assertThat(woken.index()).isGreaterThan(index);
        assertThat(woken.value()).extracting(KvEntry::key).containsExactly("watched/a", "watched/b");
    }

    @Test
    void blockingGetIsWokenByTheKeysDeletion() throws Exception {
        put("gone", "1");
        long index = get(new KvGet("gone"), QueryOptions.DEFAULT).index();
        CompletableFuture<QueryResult<Optional<KvEntry>>> blocked =
                store.query(new KvGet("gone"), QueryOptions.DEFAULT.blocking(index, Duration.ofSeconds(30)));
        apply(new KvApply(KvOp.delete("gone")));
        QueryResult<Optional<KvEntry>> r = blocked.get(10, TimeUnit.SECONDS);
        assertThat(r.value()).isEmpty();
        assertThat(r.index()).isGreaterThan(index);
    }

    @Test
    void readOnlyTxnIsAQuery() throws Exception {
        put("r/a", "1");
        QueryResult<TxnResult> r = get(new io.proconsul.core.store.TxnRead(List.of(
                new KvOp(KvVerb.GET, "r/a", null, 0, 0, ""), new KvOp(KvVerb.GET_TREE, "r/", null, 0, 0, ""))),
                QueryOptions.DEFAULT);
        assertThat(r.value().committed()).isTrue();
        assertThat(r.value().results()).extracting(KvEntry::key).containsExactly("r/a", "r/a");
        assertThat(r.value().results().get(0).value()).isEqualTo(bytes("1"));
    }

    @Test
    void blockingQueryTimesOutWithCurrentIndex() throws Exception {
        put("t", "1");
        long index = get(new KvGet("t"), QueryOptions.DEFAULT).index();
        long start = System.nanoTime();
        QueryResult<Optional<KvEntry>> r = store.query(new KvGet("t"),
                QueryOptions.DEFAULT.blocking(index, Duration.ofMillis(300))).get(10, TimeUnit.SECONDS);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.index()).isEqualTo(index);
        assertThat(tookMs).isBetween(290L, 300L + 300 / 16 + 2000);
    }

    @Test
    void closeFailsWaitingBlockingQueries() throws Exception {
        put("c", "1");
        long index = get(new KvGet("c"), QueryOptions.DEFAULT).index();
        CompletableFuture<QueryResult<Optional<KvEntry>>> blocked =
                store.query(new KvGet("c"), QueryOptions.DEFAULT.blocking(index, Duration.ofMinutes(5)));
        store.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(NoClusterLeaderException.class);
    }

    @Test
    void closeLeavesNoWriteHanging() throws Exception {
        put("warm", "1");
        List<CompletableFuture<Boolean>> inFlight = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            inFlight.add(store.apply(new KvApply(KvOp.set("f/" + i, bytes("v"), 0))));
        }
        store.close();
        CompletableFuture<Void> all = CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0]));
        // Each completes, applied or with "No cluster leader"; none is left pending.
        Poll.until(Duration.ofSeconds(15), () -> assertThat(inFlight).allMatch(CompletableFuture::isDone));
        assertThat(all).isDone();
        inFlight.stream().filter(CompletableFuture::isCompletedExceptionally).forEach(f -> assertThat(f)
                .failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NoClusterLeaderException.class));
    }

    @Test
    void txnOverConsulsOperationLimitIsRejected() {
        List<io.proconsul.core.store.TxnOp> ops = java.util.stream.IntStream.range(0, Txn.MAX_OPS + 1)
                .mapToObj(i -> (io.proconsul.core.store.TxnOp) KvOp.set("k" + i, null, 0)).toList();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> store.apply(new Txn(ops)).get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Transaction contains too many operations (" + (Txn.MAX_OPS + 1) + " > " + Txn.MAX_OPS + ")");
    }

    private boolean put(String key, String value) throws Exception {
        return apply(new KvApply(KvOp.set(key, bytes(value), 0)));
    }

    private <R> R apply(io.proconsul.core.store.Command<R> c) throws Exception {
        return store.apply(c).get(10, TimeUnit.SECONDS);
    }

    private <T> QueryResult<T> get(io.proconsul.core.store.Query<T> q, QueryOptions o) throws Exception {
        return store.query(q, o).get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
