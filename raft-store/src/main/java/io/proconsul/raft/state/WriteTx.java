package io.proconsul.raft.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * The writes of one Raft entry: a single RocksDB batch that reads its own writes, committed atomically
 * together with the entry's applied index, or rolled back so that only the applied index moves.
 *
 * <p>It also records what changed (tables, keys, key prefixes) so the store can wake blocking queries
 * and publish {@code TablesChanged} once the batch is visible. Confined to the apply thread; close it.
 */
public final class WriteTx implements ReadView, AutoCloseable {

    private final RocksDB db;
    private final Tables tables;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions = new ReadOptions();
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    private final long term;
    private final long index;
    private final Set<String> changedTables = new TreeSet<>();
    private final List<String> changedKeys = new ArrayList<>();
    private final List<String> changedPrefixes = new ArrayList<>();

    WriteTx(RocksDB db, Tables tables, WriteOptions writeOptions, long term, long index) {
        this.db = db;
        this.tables = tables;
        this.writeOptions = writeOptions;
        this.term = term;
        this.index = index;
    }

    /** The Raft index of this entry: every write it makes carries it. */
    public long index() {
        return index;
    }

    @Override
    public Tables tables() {
        return tables;
    }

    @Override
    public byte[] get(ColumnFamilyHandle cf, byte[] key) {
        try {
            return batch.getFromBatchAndDB(db, cf, readOptions, key);
        } catch (RocksDBException e) {
            throw new StateStoreException("read in batch failed", e);
        }
    }

    @Override
    public void scan(ColumnFamilyHandle cf, byte[] prefix, Visitor visitor) {
        try (RocksIterator it = batch.newIteratorWithBase(cf, db.newIterator(cf, readOptions))) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (!ReadView.startsWith(key, prefix) || !visitor.visit(key, it.value())) {
                    return;
                }
            }
        }
    }

    void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
        try {
            batch.put(cf, key, value);
        } catch (RocksDBException e) {
            throw new StateStoreException("batch put failed", e);
        }
    }

    void delete(ColumnFamilyHandle cf, byte[] key) {
        try {
            batch.delete(cf, key);
        } catch (RocksDBException e) {
            throw new StateStoreException("batch delete failed", e);
        }
    }

    void changedTable(String table) {
        changedTables.add(table);
    }

    void changedKey(String key) {
        changedKeys.add(key);
    }

    void changedPrefix(String prefix) {
        changedPrefixes.add(prefix);
    }

    /** Drops every write made so far: a failed transaction leaves no trace and consumes no table index. */
    public void rollback() {
        batch.clear();
        changedTables.clear();
        changedKeys.clear();
        changedPrefixes.clear();
    }

    /** Writes the batch plus the applied index; returns what changed, for watchers. */
    public Changes commit() {
        ByteBuffer applied = ByteBuffer.allocate(16).putLong(term).putLong(index);
        put(tables.meta(), StateStore.APPLIED_KEY, applied.array());
        try {
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new StateStoreException("batch write at index " + index + " failed", e);
        }
        return new Changes(index, Set.copyOf(changedTables), List.copyOf(changedKeys), List.copyOf(changedPrefixes));
    }

    @Override
    public void close() {
        batch.close();
        readOptions.close();
    }

    /**
     * What one applied entry changed.
     *
     * @param keys single keys written or deleted
     * @param prefixes key prefixes whose whole subtree may have changed ({@code delete-tree})
     */
    public record Changes(long index, Set<String> tables, List<String> keys, List<String> prefixes) {

        public boolean isEmpty() {
            return tables.isEmpty();
        }
    }
}
