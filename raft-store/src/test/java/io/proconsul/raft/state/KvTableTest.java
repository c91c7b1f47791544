package io.proconsul.raft.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kvs table against Consul's state store behaviour (kvs_test.go), with explicit Raft indexes. */
class KvTableTest {

    @TempDir
    Path dir;

    private StateStore store;
    private KvTable kv;

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(dir);
        kv = new KvTable(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void getOfMissingKeyReportsTheTableIndex() {
        Indexed<Optional<KvEntry>> r = kv.kvGet("foo");
        assertThat(r.value()).isEmpty();
        assertThat(r.index()).isZero();
        kv.kvSet(3, "bar", bytes("x"), 0);
        assertThat(kv.kvGet("foo").index()).isEqualTo(3);
    }

    @Test
    void getOfAnExistingKeyReportsItsModifyIndexNotTheTables() {
        kv.kvSet(1, "a", bytes("1"), 0);
        kv.kvSet(2, "b", bytes("2"), 0);
        assertThat(kv.kvGet("a").index()).isEqualTo(1);
        assertThat(kv.kvGet("missing").index()).isEqualTo(2);
    }

    @Test
    void setCreatesThenUpdatesKeepingCreateIndex() {
        kv.kvSet(1, "foo", bytes("bar"), 7);
        KvEntry e = kv.kvGet("foo").value().orElseThrow();
        assertThat(e).isEqualTo(new KvEntry(0, "foo", 7, bytes("bar"), "", 1, 1));

        kv.kvSet(2, "foo", bytes("baz"), 0);
        Indexed<Optional<KvEntry>> r = kv.kvGet("foo");
        assertThat(r.value().orElseThrow()).isEqualTo(new KvEntry(0, "foo", 0, bytes("baz"), "", 1, 2));
        assertThat(r.index()).isEqualTo(2);
    }

    @Test
    void setOfAnUnchangedEntryKeepsItsModifyIndex() {
        kv.kvSet(1, "foo", bytes("bar"), 0);
        kv.kvSet(2, "foo", bytes("bar"), 0);
        Indexed<Optional<KvEntry>> r = kv.kvGet("foo");
        assertThat(r.value().orElseThrow().modifyIndex()).isEqualTo(1);
        assertThat(r.index()).isEqualTo(1);
    }

    @Test
    void nullValueIsKeptApartFromEmptyValue() {
        kv.kvSet(1, "a", null, 0);
        kv.kvSet(2, "b", new byte[0], 0);
        assertThat(kv.kvGet("a").value().orElseThrow().value()).isNull();
        assertThat(kv.kvGet("b").value().orElseThrow().value()).isEmpty();
    }

    static Stream<Arguments> casCases() {
        // existing key foo at ModifyIndex 2; (cas index, applies?)
        return Stream.of(Arguments.of(0L, false), Arguments.of(1L, false), Arguments.of(2L, true),
                Arguments.of(3L, false));
    }

    @ParameterizedTest
    @MethodSource("casCases")
    void casComparesModifyIndex(long casIndex, boolean applies) {
        kv.kvSet(2, "foo", bytes("bar"), 0);
        assertThat(kv.kvSetCas(5, "foo", bytes("new"), 0, casIndex)).isEqualTo(applies);
        KvEntry e = kv.kvGet("foo").value().orElseThrow();
        assertThat(e.modifyIndex()).isEqualTo(applies ? 5 : 2);
        assertThat(e.createIndex()).isEqualTo(2);
        assertThat(kv.kvGet("foo").index()).isEqualTo(applies ? 5 : 2);
    }

    @Test
    void casWithZeroCreatesOnlyAndNonZeroNeedsTheKey() {
        assertThat(kv.kvSetCas(1, "foo", bytes("a"), 0, 3)).isFalse();
        assertThat(kv.kvGet("foo").value()).isEmpty();
        assertThat(kv.kvSetCas(2, "foo", bytes("a"), 0, 0)).isTrue();
        assertThat(kv.kvGet("foo").value().orElseThrow().createIndex()).isEqualTo(2);
    }

    @Test
    void deleteLeavesTombstoneSoPrefixIndexDoesNotGoBack() {
        kv.kvSet(1, "foo/a", bytes("1"), 0);
        kv.kvSet(2, "foo/b", bytes("2"), 0);
        kv.kvSet(3, "bar", bytes("3"), 0);
        assertThat(kv.kvList("foo/").index()).isEqualTo(2);
        kv.kvDelete(4, "foo/b");
        Indexed<List<KvEntry>> list = kv.kvList("foo/");
        assertThat(list.value()).extracting(KvEntry::key).containsExactly("foo/a");
        assertThat(list.index()).isEqualTo(4);
        assertThat(kv.kvGet("foo/b").index()).isEqualTo(4);
        // A prefix that saw no delete keeps its own index.
        assertThat(kv.kvList("bar").index()).isEqualTo(3);
    }

    @Test
    void deleteOfMissingKeyIsANoOpThatConsumesNoIndex() {
        kv.kvSet(1, "foo", bytes("1"), 0);
        kv.kvDelete(2, "nope");
        assertThat(kv.kvGet("nope").index()).isEqualTo(1);
        assertThat(kv.kvList("").index()).isEqualTo(1);
    }

    @Test
    void deleteCasComparesModifyIndexAndMissingKeyCountsAsDeleted() {
        kv.kvSet(1, "foo", bytes("1"), 0);
        assertThat(kv.kvDeleteCas(2, 5, "foo")).isFalse();
        assertThat(kv.kvGet("foo").value()).isPresent();
        assertThat(kv.kvDeleteCas(3, 1, "foo")).isTrue();
        assertThat(kv.kvGet("foo").value()).isEmpty();
        assertThat(kv.kvGet("foo").index()).isEqualTo(3);
        assertThat(kv.kvDeleteCas(4, 1, "foo")).isTrue();
    }

    @Test
    void deleteTreeRemovesSubtreeWithOneTombstone() {
        kv.kvSet(1, "foo/a", bytes("1"), 0);
        kv.kvSet(2, "foo/b/c", bytes("2"), 0);
        kv.kvSet(3, "foobar", bytes("3"), 0);
        kv.kvDeleteTree(4, "foo/");
        assertThat(kv.kvList("foo").value()).extracting(KvEntry::key).containsExactly("foobar");
        assertThat(kv.kvList("foo/").value()).isEmpty();
        assertThat(kv.kvList("foo/").index()).isEqualTo(4);
        assertThat(kv.kvList("foo/b/").index()).isEqualTo(4);
        // No match: nothing written, no index consumed.
        kv.kvDeleteTree(5, "nothing/");
        assertThat(kv.kvList("").index()).isEqualTo(4);
    }

    @Test
    void deleteTreeOfEverythingBumpsTheTableIndex() {
        kv.kvSet(1, "a", bytes("1"), 0);
        kv.kvDeleteTree(2, "");
        assertThat(kv.kvList("").value()).isEmpty();
        assertThat(kv.kvList("").index()).isEqualTo(2);
    }

    @Test
    void listKeysRollsUpAtSeparator() {
        kv.kvSet(1, "foo/bar", bytes("1"), 0);
        kv.kvSet(2, "foo/baz/a", bytes("1"), 0);
        kv.kvSet(3, "foo/baz/b", bytes("1"), 0);
        kv.kvSet(4, "foo/zip/zap", bytes("1"), 0);
        kv.kvSet(5, "other", bytes("1"), 0);
        Indexed<List<String>> keys = kv.kvListKeys("foo/", "/");
        assertThat(keys.value()).containsExactly("foo/bar", "foo/baz/", "foo/zip/");
        assertThat(keys.index()).isEqualTo(4);
        assertThat(kv.kvListKeys("", "/").value()).containsExactly("foo/", "other");
        assertThat(kv.kvListKeys("foo/", "").value()).hasSize(4);
        assertThat(kv.kvListKeys("nothing/", "/").index()).isEqualTo(5);
    }

    @Test
    void lockNeedsASessionAndUnknownSessionsAreRefused() {
        try (WriteTx tx = store.begin(1, 1)) {
            KvOpException missing = assertThrows(KvOpException.class,
                    () -> kv.apply(tx, new KvOp(KvVerb.LOCK, "k", bytes("v"), 0, 0, "")));
            assertThat(missing).hasMessage("missing session");
            KvOpException invalid = assertThrows(KvOpException.class,
                    () -> kv.apply(tx, new KvOp(KvVerb.LOCK, "k", bytes("v"), 0, 0, "s1")));
            assertThat(invalid).hasMessage("invalid session \"s1\"");
        }
    }

    @Test
    void unlockOfAKeyNotHeldBySessionIsFalse() {
        kv.kvSet(1, "k", bytes("v"), 0);
        try (WriteTx tx = store.begin(1, 2)) {
            assertThat(kv.apply(tx, new KvOp(KvVerb.UNLOCK, "k", bytes("v"), 0, 0, "s1"))).isFalse();
            assertThat(kv.apply(tx, new KvOp(KvVerb.UNLOCK, "missing", bytes("v"), 0, 0, "s1"))).isFalse();
        }
    }

    @Test
    void commitListenerSeesChangedKeysPrefixesAndTables() {
        List<WriteTx.Changes> seen = new java.util.ArrayList<>();
        store.onCommit(seen::add);
        kv.kvSet(1, "a/b", bytes("1"), 0);
        kv.kvDelete(2, "missing");
        kv.kvDeleteTree(3, "a/");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).keys()).containsExactly("a/b");
        assertThat(seen.get(0).tables()).containsExactly("kvs");
        assertThat(seen.get(1).prefixes()).containsExactly("a/");
        assertThat(seen.get(1).tables()).containsExactlyInAnyOrder("kvs", "tombstones");
    }

    @Test
    void reapRemovesTombstonesAtOrBelowTheIndex() {
        kv.kvSet(1, "foo/a", bytes("1"), 0);
        kv.kvSet(2, "foo/b", bytes("1"), 0);
        kv.kvDelete(3, "foo/a");
        kv.kvDelete(4, "foo/b");
        try (WriteTx tx = store.begin(1, 5)) {
            assertThat(kv.reapTombstones(tx, 3)).isEqualTo(1);
            store.commit(tx);
        }
        assertThat(kv.kvList("foo/").index()).isEqualTo(4);
        try (WriteTx tx = store.begin(1, 6)) {
            assertThat(kv.reapTombstones(tx, 4)).isEqualTo(1);
            store.commit(tx);
        }
        // With the graveyard empty the prefix falls back to the table index.
        assertThat(kv.kvList("foo/").index()).isEqualTo(4);
    }

    @Test
    void stateSurvivesReopenWithAppliedIndex() throws Exception {
        kv.kvSet(7, "k", bytes("v"), 0);
        store.close();
        store = new StateStore(dir);
        kv = new KvTable(store);
        assertThat(store.appliedIndex()).isEqualTo(7);
        assertThat(kv.kvGet("k").value().orElseThrow().modifyIndex()).isEqualTo(7);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
