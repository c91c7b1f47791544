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
    private final long indexOffset;
    private final Set<String> changedTables = new TreeSet<>();
    private final List<String> changedKeys = new ArrayList<>();
    private final List<String> changedPrefixes = new ArrayList<>();
    private final Set<String> changedServices = new TreeSet<>();
    private final SessionEffects.Recorder sessionEffects = new SessionEffects.Recorder();

    /** @param indexOffset added to the Raft index for what the writes carry: see {@link #index()} */
    WriteTx(RocksDB db, Tables tables, WriteOptions writeOptions, long term, long index, long indexOffset) {
        this.db = db;
        this.tables = tables;
        this.writeOptions = writeOptions;
        this.term = term;
        this.index = index;
        this.indexOffset = indexOffset;
    }

    /**
     * The index every write of this entry carries (CreateIndex, ModifyIndex, table indexes): its Raft
     * index plus the store's index offset, which is 0 until a snapshot restore brought indexes above the
     * Raft log's (see {@link StateImport}). The applied Raft index itself is recorded unshifted.
     */
    public long index() {
        return index + indexOffset;
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

    /** A service's own index moved (its name as the catalog keys it, lower-cased). */
    void changedService(String service) {
        changedServices.add(service);
    }

    /** What this entry did to sessions that servers track in memory (TTL timers, lock delays). */
    SessionEffects.Recorder sessionEffects() {
        return sessionEffects;
    }

    /** Drops every write made so far: a failed transaction leaves no trace and consumes no table index. */
    public void rollback() {
        batch.clear();
        changedTables.clear();
        changedKeys.clear();
        changedPrefixes.clear();
        changedServices.clear();
        sessionEffects.clear();
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
        return new Changes(index(), Set.copyOf(changedTables), List.copyOf(changedKeys), List.copyOf(changedPrefixes),
                Set.copyOf(changedServices), sessionEffects.build());
    }

    @Override
    public void close() {
        batch.close();
        readOptions.close();
    }

    /**
     * What one applied entry changed.
     *
     * @param tables Consul's names of the tables written ({@code kvs}, {@code nodes}, ...), as
     *     {@code TablesChanged} reports them
     * @param keys single keys written or deleted
     * @param prefixes key prefixes whose whole subtree may have changed ({@code delete-tree})
     * @param services the services whose own index moved (lower-cased names); {@link #EVERY_SERVICE}
     *     stands for all of them
     * @param sessionEffects what the entry did to session TTL timers and lock delays; a renew has only
     *     these (it changes no table)
     */
    public record Changes(long index, Set<String> tables, List<String> keys, List<String> prefixes,
            Set<String> services, SessionEffects sessionEffects) {

        /** In {@link #services()}: every service may have changed. No service is named {@code ""}. */
        public static final String EVERY_SERVICE = "";

        public Changes {
            tables = Set.copyOf(tables);
            keys = List.copyOf(keys);
            prefixes = List.copyOf(prefixes);
            services = Set.copyOf(services);
            sessionEffects = sessionEffects == null ? SessionEffects.NONE : sessionEffects;
        }

        /** Changes that touch no session timer or lock delay. */
        public Changes(long index, Set<String> tables, List<String> keys, List<String> prefixes,
                Set<String> services) {
            this(index, tables, keys, prefixes, services, SessionEffects.NONE);
        }

        /** Changes that touch no catalog service. */
        public Changes(long index, Set<String> tables, List<String> keys, List<String> prefixes) {
            this(index, tables, keys, prefixes, Set.of());
        }

        /**
         * Everything may have changed at {@code index} (a snapshot was installed, like Consul's abandoned
         * state store): every table, the whole KV key space and every service, and sessions are read anew.
         */
        public static Changes everything(long index) {
            Set<String> all = Set.of(Tables.KVS, Tables.TOMBSTONES, Tables.NODES, Tables.SERVICES, Tables.CHECKS,
                    CoordinateTable.TABLE, AutopilotTable.TABLE, Tables.SESSIONS);
            return new Changes(index, all, List.of(), List.of(""), Set.of(EVERY_SERVICE), SessionEffects.RESYNC);
        }

        /** Whether these are {@link #everything}: the whole state was replaced. */
        public boolean isEverything() {
            return prefixes.contains("") && services.contains(EVERY_SERVICE);
        }

        /** Nothing for anyone to hear of: no table written and no session timer or lock delay touched. */
        public boolean isEmpty() {
            return tables.isEmpty() && sessionEffects.isEmpty();
        }
    }
}
