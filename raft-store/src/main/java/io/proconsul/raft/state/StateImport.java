package io.proconsul.raft.state;

import io.proconsul.raft.command.ResultCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Applies the Raft entries of a snapshot restore ({@link RestoreStep}) with memory bounded by a chunk,
 * whatever the size of the state. Every server applies the same entries, so every server ends with the
 * same state.
 *
 * <p>Staging: chunks write their records into the meta family under {@code restore/r/<family>\0<key>},
 * inside the entry's own {@link WriteTx}, with the restore's ID ({@code restore/id}) and a running record
 * count ({@code restore/n}). Nothing a reader looks at changes.
 *
 * <p>Commit: once the count matches, readers are pinned to the state as it is (they go on seeing the old
 * state, whole), every family is cleared (the meta family but for this replica's bookkeeping), the staged
 * records are copied to their families in batches of {@link #BATCH_BYTES}, and a final batch drops the
 * staging, sets the new index offset and marks the restore done ({@code restore/done}). Then readers see
 * the new state, whole, and every watch fires. The applied Raft index moves with the entry's own
 * transaction afterwards. A crash anywhere in between replays the commit: before the final batch it
 * starts over from the staging, which is still there; after it, the done mark says there is nothing left.
 *
 * <p>Indexes: restored rows keep their indexes, which may be above this cluster's Raft log. The commit
 * raises the index offset so that the commit itself sits at {@code max(index before, archive index)} and
 * every later write above it (see {@link WriteTx#index()}). Apply thread only.
 */
public final class StateImport {

    static final int BATCH_BYTES = 4 << 20;
    private static final byte[] ID_KEY = key("restore/id");
    private static final byte[] COUNT_KEY = key("restore/n");
    private static final byte[] DONE_KEY = key("restore/done");
    private static final byte[] STAGED = key("restore/r/");
    private static final byte[] RESTORE_END = key("restore0");

    private final StateStore store;

    public StateImport(StateStore store) {
        this.store = store;
    }

    /** Applies one step; returns null, or {@link ResultCodec.Failed} when the step does not apply. */
    public Object apply(WriteTx tx, RestoreStep step) {
        if (step instanceof RestoreStep.Begin b) {
            return begin(tx, b);
        }
        if (step instanceof RestoreStep.Chunk c) {
            return chunk(tx, c);
        }
        if (step instanceof RestoreStep.Commit c) {
            return commit(tx, c);
        }
        return abort(tx, (RestoreStep.Abort) step);
    }

    private Object begin(WriteTx tx, RestoreStep.Begin b) {
        clearStaging();
        tx.put(tx.tables().meta(), ID_KEY, key(b.id()));
        tx.put(tx.tables().meta(), COUNT_KEY, longBytes(0));
        return null;
    }

    private Object chunk(WriteTx tx, RestoreStep.Chunk c) {
        if (!isStaged(tx, c.id())) {
            return superseded();
        }
        ByteBuffer in = ByteBuffer.wrap(c.records());
        for (int i = 0; i < c.count(); i++) {
            byte[] family = new byte[in.getShort() & 0xffff];
            in.get(family);
            String name = new String(family, StandardCharsets.UTF_8);
            if (!Tables.NAMES.contains(name)) {
                tx.rollback();
                return new ResultCodec.Failed("snapshot has a table this agent does not know: " + name);
            }
            byte[] k = new byte[in.getInt()];
            in.get(k);
            byte[] v = new byte[in.getInt()];
            in.get(v);
            tx.put(tx.tables().meta(), stagedKey(family, k), v);
        }
        byte[] n = tx.get(tx.tables().meta(), COUNT_KEY);
        tx.put(tx.tables().meta(), COUNT_KEY, longBytes(ByteBuffer.wrap(n).getLong() + c.count()));
        return null;
    }

    private Object commit(WriteTx tx, RestoreStep.Commit c) {
        if (Arrays.equals(tx.get(tx.tables().meta(), DONE_KEY), key(c.id()))) {
            return null;
        }
        if (!isStaged(tx, c.id())) {
            return superseded();
        }
        long staged = ByteBuffer.wrap(tx.get(tx.tables().meta(), COUNT_KEY)).getLong();
        if (staged != c.records()) {
            return new ResultCodec.Failed("snapshot restore incomplete: " + staged + " of " + c.records()
                    + " records staged");
        }
        long before = tx.index();
        long after = Math.max(before, c.index());
        long offset = StateStore.indexOffset(tx) + (after - before);
        store.pinReaders();
        try (WriteBatch batch = new WriteBatch()) {
            clearFamilies(batch);
            copyStaged(batch);
            batch.deleteRange(tx.tables().meta(), StateStore.RESTORE_PREFIX, RESTORE_END);
            batch.put(tx.tables().meta(), StateStore.OFFSET_KEY, longBytes(offset));
            batch.put(tx.tables().meta(), DONE_KEY, key(c.id()));
            write(batch);
        } catch (RocksDBException e) {
            throw new StateStoreException("snapshot restore at index " + before + " failed", e);
        } finally {
            store.restored(after);
        }
        return null;
    }

    private Object abort(WriteTx tx, RestoreStep.Abort a) {
        if (isStaged(tx, a.id())) {
            clearStaging();
        }
        return null;
    }

    private void clearFamilies(WriteBatch batch) throws RocksDBException {
        for (String name : Tables.NAMES) {
            ColumnFamilyHandle cf = store.family(name);
            try (RocksIterator it = store.db().newIterator(cf)) {
                if (name.equals(Tables.META)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        if (ReadView.startsWith(it.key(), StateStore.RESTORE_PREFIX)) {
                            it.seek(RESTORE_END);
                            if (!it.isValid()) {
                                break;
                            }
                        }
                        if (!StateExport.isBookkeeping(it.key())) {
                            batch.delete(cf, it.key());
                            flushIfFull(batch);
                        }
                    }
                    continue;
                }
                it.seekToLast();
                if (it.isValid()) {
                    byte[] last = it.key();
                    batch.deleteRange(cf, new byte[0], Arrays.copyOf(last, last.length + 1));
                }
            }
        }
        write(batch);
    }

    private void copyStaged(WriteBatch batch) throws RocksDBException {
        ColumnFamilyHandle meta = store.family(Tables.META);
        try (RocksIterator it = store.db().newIterator(meta)) {
            for (it.seek(STAGED); it.isValid() && ReadView.startsWith(it.key(), STAGED); it.next()) {
                byte[] k = it.key();
                int sep = STAGED.length;
                while (k[sep] != 0) {
                    sep++;
                }
                String family = new String(k, STAGED.length, sep - STAGED.length, StandardCharsets.UTF_8);
                batch.put(store.family(family), Arrays.copyOfRange(k, sep + 1, k.length), it.value());
                flushIfFull(batch);
            }
        }
    }

    private void flushIfFull(WriteBatch batch) throws RocksDBException {
        if (batch.getDataSize() >= BATCH_BYTES) {
            write(batch);
        }
    }

    private void write(WriteBatch batch) throws RocksDBException {
        store.db().write(store.writeOptions(), batch);
        batch.clear();
    }

    /** Drops any staging (an earlier restore's, finished or not) straight in the database: idempotent. */
    private void clearStaging() {
        try {
            store.db().deleteRange(store.family(Tables.META), StateStore.RESTORE_PREFIX, RESTORE_END);
        } catch (RocksDBException e) {
            throw new StateStoreException("clearing restore staging failed", e);
        }
    }

    private static boolean isStaged(WriteTx tx, String id) {
        return Arrays.equals(tx.get(tx.tables().meta(), ID_KEY), key(id));
    }

    private static ResultCodec.Failed superseded() {
        return new ResultCodec.Failed("snapshot restore superseded by another restore");
    }

    private static byte[] stagedKey(byte[] family, byte[] k) {
        byte[] out = new byte[STAGED.length + family.length + 1 + k.length];
        System.arraycopy(STAGED, 0, out, 0, STAGED.length);
        System.arraycopy(family, 0, out, STAGED.length, family.length);
        System.arraycopy(k, 0, out, STAGED.length + family.length + 1, k.length);
        return out;
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
