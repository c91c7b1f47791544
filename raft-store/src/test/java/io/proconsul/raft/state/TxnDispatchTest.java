package io.proconsul.raft.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnError;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.TxnOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions as Consul's state/txn.go runs them: results, error texts, and all-or-nothing rollback. */
class TxnDispatchTest {

    @TempDir
    Path dir;

    private StateStore store;
    private KvTable kv;
    private TxnDispatch txn;

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(dir);
        kv = new KvTable(store);
        txn = new TxnDispatch(store);
        kv.kvSet(1, "foo", bytes("bar"), 0);
        kv.kvSet(2, "tree/a", bytes("a"), 0);
        kv.kvSet(3, "tree/b", bytes("b"), 0);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void committedTxnReturnsConsulsResultShapes() {
        TxnResult r = apply(10,
                KvOp.set("new", bytes("n"), 5),
                op(KvVerb.GET, "foo", 0, ""),
                op(KvVerb.GET_TREE, "tree/", 0, ""),
                KvOp.cas("foo", bytes("baz"), 0, 1),
                op(KvVerb.CHECK_INDEX, "foo", 10, ""),
                op(KvVerb.CHECK_SESSION, "foo", 0, ""),
                op(KvVerb.CHECK_NOT_EXISTS, "absent", 0, ""),
                KvOp.delete("tree/a"),
                KvOp.deleteCas("tree/b", 3),
                op(KvVerb.GET, "new", 0, ""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.index()).isEqualTo(10);
        assertThat(r.results()).containsExactly(
                new KvEntry(0, "new", 5, null, "", 10, 10),
                new KvEntry(0, "foo", 0, bytes("bar"), "", 1, 1),
                new KvEntry(0, "tree/a", 0, bytes("a"), "", 2, 2),
                new KvEntry(0, "tree/b", 0, bytes("b"), "", 3, 3),
                new KvEntry(0, "foo", 0, null, "", 1, 10),
                new KvEntry(0, "foo", 0, null, "", 1, 10),
                new KvEntry(0, "foo", 0, null, "", 1, 10),
                new KvEntry(0, "new", 5, bytes("n"), "", 10, 10));
        assertThat(kv.kvList("tree/").value()).isEmpty();
        assertThat(kv.kvList("tree/").index()).isEqualTo(10);
    }

    @Test
    void failedTxnReportsEveryErrorAndLeavesNoTrace() {
        long before = kv.kvList("").index();
        TxnResult r = apply(20,
                KvOp.set("ghost", bytes("g"), 0),
                KvOp.delete("foo"),
                KvOp.cas("tree/a", bytes("x"), 0, 99),
                op(KvVerb.GET, "missing", 0, ""),
                KvOp.deleteCas("tree/b", 99),
                op(KvVerb.CHECK_INDEX, "tree/a", 7, ""),
                op(KvVerb.CHECK_INDEX, "missing", 7, ""),
                op(KvVerb.CHECK_SESSION, "tree/a", 0, "s1"),
                op(KvVerb.CHECK_SESSION, "missing", 0, "s1"),
                op(KvVerb.CHECK_NOT_EXISTS, "tree/a", 0, ""),
                new KvOp(KvVerb.LOCK, "foo", bytes("v"), 0, 0, "s1"),
                new KvOp(KvVerb.UNLOCK, "foo", bytes("v"), 0, 0, "s1"));
        assertThat(r.results()).isEmpty();
        assertThat(r.errors()).containsExactly(
                new TxnError(2, "failed to set key \"tree/a\", index is stale"),
                new TxnError(3, "key \"missing\" doesn't exist"),
                new TxnError(4, "failed to delete key \"tree/b\", index is stale"),
                new TxnError(5, "failed index check for key \"tree/a\", current modify index 2 != 7"),
                new TxnError(6, "failed to check index, key \"missing\" doesn't exist"),
                new TxnError(7, "failed session check for key \"tree/a\", current session \"\" != \"s1\""),
                new TxnError(8, "failed to check session, key \"missing\" doesn't exist"),
                new TxnError(9, "key \"tree/a\" exists"),
                new TxnError(10, "invalid session \"s1\""),
                new TxnError(11, "failed to unlock key \"foo\", lock isn't held, or is held by another session"));
        assertThat(kv.kvGet("ghost").value()).isEmpty();
        assertThat(kv.kvGet("foo").value()).isPresent();
        assertThat(kv.kvList("").index()).isEqualTo(before);
        assertThat(store.appliedIndex()).isEqualTo(20);
    }

    @Test
    void laterOpsSeeEarlierWritesOfTheSameTxn() {
        TxnResult r = apply(30,
                KvOp.set("k", bytes("1"), 0),
                op(KvVerb.CHECK_INDEX, "k", 30, ""),
                op(KvVerb.GET, "k", 0, ""),
                KvOp.deleteTree("tree/"),
                op(KvVerb.GET_TREE, "tree/", 0, ""));
        assertThat(r.errors()).isEmpty();
        assertThat(r.results()).extracting(KvEntry::key).containsExactly("k", "k", "k");
        assertThat(r.results().get(2).value()).isEqualTo(bytes("1"));
    }

    @Test
    void readOnlyTxnAnswersFromState() {
        TxnResult r = txn.read(List.of(op(KvVerb.GET, "foo", 0, ""), op(KvVerb.CHECK_NOT_EXISTS, "x", 0, "")));
        assertThat(r.committed()).isTrue();
        assertThat(r.results()).singleElement().extracting(KvEntry::key).isEqualTo("foo");
        assertThat(r.index()).isEqualTo(3);
        TxnResult failed = txn.read(List.of(op(KvVerb.GET, "nope", 0, "")));
        assertThat(failed.errors()).containsExactly(new TxnError(0, "key \"nope\" doesn't exist"));
    }

    private TxnResult apply(long index, TxnOp... ops) {
        try (WriteTx tx = store.begin(1, index)) {
            TxnResult r = txn.apply(tx, List.of(ops));
            store.commit(tx);
            return r;
        }
    }

    private static KvOp op(KvVerb verb, String key, long index, String session) {
        return new KvOp(verb, key, null, 0, index, session);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
