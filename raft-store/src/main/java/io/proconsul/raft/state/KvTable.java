package io.proconsul.raft.state;

import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.KvOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code kvs} table with Consul's semantics (agent/consul/state/kvs.go). Every write method takes the
 * Raft index it is applied at; it becomes the entry's ModifyIndex (and CreateIndex for a new key) and the
 * table index. Public write methods open their own batch and call the package-private {@code xxxInBatch}
 * helpers, which {@link TxnDispatch} combines into one transaction.
 *
 * <p>Threading: writes from the single apply thread; reads from any thread.
 */
public final class KvTable {

    static final String MISSING_SESSION = "missing session";

    private final StateStore store;

    public KvTable(StateStore store) {
        this.store = store;
    }

    // ---- public single-operation writes, each its own batch at raft index idx ----

    public void kvSet(long idx, String key, byte[] value, long flags) {
        write(idx, tx -> setInBatch(tx, key, value, flags));
    }

    public boolean kvSetCas(long idx, String key, byte[] value, long flags, long cidx) {
        return write(idx, tx -> setCasInBatch(tx, key, value, flags, cidx) != null);
    }

    public void kvDelete(long idx, String key) {
        write(idx, tx -> {
            deleteInBatch(tx, key);
            return null;
        });
    }

    public boolean kvDeleteCas(long idx, long cidx, String key) {
        return write(idx, tx -> deleteCasInBatch(tx, key, cidx));
    }

    public void kvDeleteTree(long idx, String prefix) {
        write(idx, tx -> {
            deleteTreeInBatch(tx, prefix);
            return null;
        });
    }

    /**
     * Applies the single-key write {@code op} ({@code /v1/kv} PUT or DELETE) inside {@code tx}: true when
     * it applied, false when its precondition failed. Lock failures Consul reports as errors throw
     * {@link KvOpException}.
     */
    public Boolean apply(WriteTx tx, KvOp op) {
        return switch (op.verb()) {
            case SET -> setInBatch(tx, op.key(), op.value(), op.flags()) != null;
            case CAS -> setCasInBatch(tx, op.key(), op.value(), op.flags(), op.index()) != null;
            case DELETE -> {
                deleteInBatch(tx, op.key());
                yield true;
            }
            case DELETE_CAS -> deleteCasInBatch(tx, op.key(), op.index());
            case DELETE_TREE -> {
                deleteTreeInBatch(tx, op.key());
                yield true;
            }
            case LOCK -> lockInBatch(tx, op.key(), op.value(), op.flags(), op.session()) != null;
            case UNLOCK -> unlockInBatch(tx, op.key(), op.value(), op.flags(), op.session()) != null;
            default -> throw new IllegalArgumentException("not a write verb: " + op.verb().wireName());
        };
    }

    /** Deletes tombstones at or below {@code reapIndex} (Consul's ReapTombstones), at raft index idx. */
    public int reapTombstones(WriteTx tx, long reapIndex) {
        return Graveyard.reap(tx, reapIndex);
    }

    // ---- reads ----

    /**
     * The entry and Consul's index for it (its KVS.Get endpoint): the entry's ModifyIndex when it exists,
     * else the kvs table index (with tombstones).
     */
    public Indexed<Optional<KvEntry>> kvGet(String key) {
        return store.read(view -> get(view, key));
    }

    /** Entries under {@code prefix} and the highest index of them and of the tombstones under it. */
    public Indexed<List<KvEntry>> kvList(String prefix) {
        return store.read(view -> list(view, prefix));
    }

    /** Keys under {@code prefix}, rolled up at {@code separator} (Consul's KVSListKeys). */
    public Indexed<List<String>> kvListKeys(String prefix, String separator) {
        return store.read(view -> listKeys(view, prefix, separator));
    }

    static Indexed<Optional<KvEntry>> get(ReadView view, String key) {
        KvEntry e = find(view, key);
        return new Indexed<>(Optional.ofNullable(e), e != null ? e.modifyIndex() : maxIndex(view));
    }

    static Indexed<List<KvEntry>> list(ReadView view, String prefix) {
        List<KvEntry> entries = new ArrayList<>();
        view.scan(view.tables().kvs(), KvEntryCodec.key(prefix), (k, v) -> entries.add(KvEntryCodec.decode(k, v)));
        long lindex = entries.stream().mapToLong(KvEntry::modifyIndex).max().orElse(0);
        return new Indexed<>(entries, prefixIndex(view, prefix, lindex));
    }

    static Indexed<List<String>> listKeys(ReadView view, String prefix, String separator) {
        Indexed<List<KvEntry>> listed = list(view, prefix);
        List<String> keys = new ArrayList<>();
        String last = null;
        for (KvEntry e : listed.value()) {
            String key = e.key();
            if (!separator.isEmpty()) {
                int at = key.indexOf(separator, prefix.length());
                if (at >= 0) {
                    key = key.substring(0, at + separator.length());
                }
            }
            if (!key.equals(last)) {
                keys.add(key);
                last = key;
            }
        }
        return new Indexed<>(keys, listed.index());
    }

    /** Consul's kvsMaxIndex: the kvs and tombstones table indexes. */
    static long maxIndex(ReadView view) {
        return TableIndex.max(view, Tables.KVS, Tables.TOMBSTONES);
    }

    private static long prefixIndex(ReadView view, String prefix, long entriesIndex) {
        long lindex = entriesIndex;
        if (prefix.isEmpty()) {
            lindex = maxIndex(view);
        } else {
            lindex = Math.max(lindex, Graveyard.maxIndex(view, prefix));
        }
        return lindex != 0 ? lindex : maxIndex(view);
    }

    static KvEntry find(ReadView view, String key) {
        byte[] raw = view.get(view.tables().kvs(), KvEntryCodec.key(key));
        return raw == null ? null : KvEntryCodec.decode(KvEntryCodec.key(key), raw);
    }

    // ---- in-batch helpers (Consul's kvsXxxTxn) ----

    /** Sets the key, keeping CreateIndex, LockIndex and Session of an existing entry; returns it as stored. */
    static KvEntry setInBatch(WriteTx tx, String key, byte[] value, long flags) {
        KvEntry existing = find(tx, key);
        if (existing == null) {
            return insert(tx, new KvEntry(0, key, flags, value, "", tx.index(), tx.index()), "");
        }
        return store(tx, existing, value, flags, existing.session(), existing.lockIndex());
    }

    /** Sets only if the ModifyIndex matches ({@code cidx == 0}: only if absent); null when it did not. */
    static KvEntry setCasInBatch(WriteTx tx, String key, byte[] value, long flags, long cidx) {
        KvEntry existing = find(tx, key);
        if (cidx == 0 ? existing != null : existing == null || existing.modifyIndex() != cidx) {
            return null;
        }
        return setInBatch(tx, key, value, flags);
    }

    static void deleteInBatch(WriteTx tx, String key) {
        KvEntry existing = find(tx, key);
        if (existing == null) {
            return;
        }
        SessionWrites.holderChanged(tx, key, existing.session(), "");
        Graveyard.insert(tx, key, tx.index());
        tx.delete(tx.tables().kvs(), KvEntryCodec.key(key));
        TableIndex.set(tx, Tables.KVS, tx.index());
        tx.changedKey(key);
    }

    /** Deletes if the ModifyIndex matches; deleting a key that does not exist counts as done, as in Consul. */
    static boolean deleteCasInBatch(WriteTx tx, String key, long cidx) {
        KvEntry existing = find(tx, key);
        if (existing == null || existing.modifyIndex() != cidx) {
            return existing == null;
        }
        deleteInBatch(tx, key);
        return true;
    }

    static void deleteTreeInBatch(WriteTx tx, String prefix) {
        List<byte[]> doomed = new ArrayList<>();
        tx.scan(tx.tables().kvs(), KvEntryCodec.key(prefix), (k, v) -> {
            doomed.add(k);
            KvEntry e = KvEntryCodec.decode(k, v);
            SessionWrites.holderChanged(tx, e.key(), e.session(), "");
            return true;
        });
        if (doomed.isEmpty()) {
            return;
        }
        doomed.forEach(k -> tx.delete(tx.tables().kvs(), k));
        // One tombstone stands for the whole subtree; none for "" since watchers then see the table index.
        if (!prefix.isEmpty()) {
            Graveyard.insert(tx, prefix, tx.index());
        }
        TableIndex.set(tx, Tables.KVS, tx.index());
        tx.changedPrefix(prefix);
    }

    /**
     * Consul's kvsLockTxn: the session must exist (else {@code invalid session "x"}). A key the session
     * already holds takes the new value and flags and keeps its LockIndex; a key another session holds is
     * not taken (null); a free or new key becomes held with LockIndex + 1 (1 for a new key).
     */
    static KvEntry lockInBatch(WriteTx tx, String key, byte[] value, long flags, String session) {
        if (session.isEmpty()) {
            throw new KvOpException(MISSING_SESSION);
        }
        if (SessionWrites.find(tx, session) == null) {
            throw new KvOpException("invalid session " + quote(session));
        }
        KvEntry existing = find(tx, key);
        if (existing == null) {
            return insert(tx, new KvEntry(1, key, flags, value, session, tx.index(), tx.index()), "");
        }
        if (existing.session().equals(session)) {
            return store(tx, existing, value, flags, session, existing.lockIndex());
        }
        if (!existing.session().isEmpty()) {
            return null;
        }
        return store(tx, existing, value, flags, session, existing.lockIndex() + 1);
    }

    /** Clears the holder of {@code held} (a session's invalidation with behavior release), keeping LockIndex. */
    static KvEntry releaseInBatch(WriteTx tx, KvEntry held) {
        return store(tx, held, held.value(), held.flags(), "", held.lockIndex());
    }

    /** Consul's kvsUnlockTxn: clears the lock if {@code session} holds it; null when it does not. */
    static KvEntry unlockInBatch(WriteTx tx, String key, byte[] value, long flags, String session) {
        if (session.isEmpty()) {
            throw new KvOpException(MISSING_SESSION);
        }
        KvEntry existing = find(tx, key);
        if (existing == null || !existing.session().equals(session)) {
            return null;
        }
        return store(tx, existing, value, flags, "", existing.lockIndex());
    }

    private static KvEntry store(WriteTx tx, KvEntry existing, byte[] value, long flags, String session, long lock) {
        // An unchanged entry is not rewritten and keeps its ModifyIndex, as Consul's kvsSetTxn does.
        if (existing.flags() == flags && Arrays.equals(existing.value(), value)
                && existing.session().equals(session) && existing.lockIndex() == lock) {
            return existing;
        }
        return insert(tx, new KvEntry(lock, existing.key(), flags, value, session, existing.createIndex(), tx.index()),
                existing.session());
    }

    /** Writes {@code entry}; {@code previousHolder} is the session that held the key before, {@code ""} for none. */
    private static KvEntry insert(WriteTx tx, KvEntry entry, String previousHolder) {
        SessionWrites.holderChanged(tx, entry.key(), previousHolder, entry.session());
        tx.put(tx.tables().kvs(), KvEntryCodec.key(entry.key()), KvEntryCodec.encode(entry));
        TableIndex.set(tx, Tables.KVS, entry.modifyIndex());
        tx.changedKey(entry.key());
        return entry;
    }

    /** Go's {@code %q} for the session IDs and keys Consul quotes in its messages. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private <T> T write(long idx, Function<WriteTx, T> op) {
        try (WriteTx tx = store.begin(0, idx)) {
            T result = op.apply(tx);
            store.commit(tx);
            return result;
        }
    }
}
