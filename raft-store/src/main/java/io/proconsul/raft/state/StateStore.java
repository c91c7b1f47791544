package io.proconsul.raft.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;

/**
 * The replicated state in one RocksDB database: one column family per table ({@code kvs},
 * {@code tombstones}, {@code nodes}, {@code services}, {@code checks} and the catalog's service-name
 * index) plus {@code meta}, which holds each table's max index, the catalog's per-service indexes and the
 * last applied Raft index and term.
 *
 * <p>RocksDB's own WAL is off: the Raft log is the write-ahead log. Every applied entry is one
 * {@link WriteTx} whose batch also records the applied index, and flushes are atomic across column
 * families, so after a crash the database is exactly the state at some applied index and replaying the
 * log from there (skipping entries at or below it) rebuilds the rest.
 *
 * <p>Snapshot restores ({@link StateImport}) add two things: an index offset in {@code meta}, which
 * {@link WriteTx#index()} adds to the Raft index so that writes after a restore carry higher indexes than
 * the restored rows, and, while a restore's commit runs in several batches, a pinned snapshot that keeps
 * {@link #read} on the state from before it.
 *
 * <p>Threading: {@link #begin} is called by one writer thread at a time (the Raft apply thread);
 * {@link #read} may run concurrently on any thread and sees a consistent point-in-time snapshot. The
 * store owns the database and closes it in {@link #close()}.
 */
public final class StateStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    /** Loads RocksDB's native library now (idempotent), so that opening a store later does not wait for it. */
    public static void loadLibrary() {
        RocksDB.loadLibrary();
    }

    static final byte[] APPLIED_KEY = "applied".getBytes(StandardCharsets.UTF_8);
    /** In meta: what {@link WriteTx#index()} adds to the Raft index, set by a snapshot restore. */
    static final byte[] OFFSET_KEY = "index-offset".getBytes(StandardCharsets.UTF_8);
    /** In meta: a snapshot restore's staging (see {@link StateImport}); never exported. */
    static final byte[] RESTORE_PREFIX = "restore/".getBytes(StandardCharsets.UTF_8);

    private final Path dir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final WriteOptions writeOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final Tables tables;
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private volatile boolean closed;
    /** Bumped after every commit, once its writes are visible: reads memoised at one version stay valid. */
    private volatile long version;
    private volatile Consumer<WriteTx.Changes> listener;
    private volatile long indexOffset;
    /** While a restore commits in several batches, readers keep reading the state from before it. */
    private volatile Snapshot pinned;

    /** Opens (creating if needed) the database in {@code dir}. */
    public StateStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        // Small memtables: the state is mostly small KV entries and the Raft log already buffers writes.
        this.cfOptions = new ColumnFamilyOptions().setWriteBufferSize(16L << 20).setMaxWriteBufferNumber(2);
        this.dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setAtomicFlush(true)
                .setInfoLogLevel(org.rocksdb.InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2);
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        for (String name : Tables.NAMES) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cfOptions));
        }
        try {
            this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            throw new IOException("cannot open state store in " + dir + ": " + e.getMessage(), e);
        }
        // Handle 0 is the default family, which nothing uses; the rest follow Tables.NAMES.
        this.tables = Tables.of(handles.subList(1, handles.size()));
        this.indexOffset = read(StateStore::indexOffset);
    }

    public Path dir() {
        return dir;
    }

    Tables tables() {
        return tables;
    }

    /** The Raft index of the last entry applied to this database, 0 for a new one. */
    public long appliedIndex() {
        return appliedTermIndex()[1];
    }

    /** The term and index of the last applied entry as {@code [term, index]}; zeros for a new database. */
    public long[] appliedTermIndex() {
        return read(StateStore::appliedTermIndex);
    }

    /**
     * The last applied entry's index as clients see it (the {@code X-Consul-Index} space): its Raft index
     * plus the index offset a snapshot restore may have set (see {@link WriteTx#index()}).
     */
    public long stateIndex() {
        return read(v -> appliedTermIndex(v)[1] + indexOffset(v));
    }

    /** Starts the write transaction of the Raft entry at {@code index}. */
    public WriteTx begin(long term, long index) {
        return new WriteTx(db, tables, writeOptions, term, index, indexOffset);
    }

    static long[] appliedTermIndex(ReadView view) {
        byte[] raw = view.get(view.tables().meta(), APPLIED_KEY);
        if (raw == null) {
            return new long[] {0, 0};
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        return new long[] {b.getLong(), b.getLong()};
    }

    static long indexOffset(ReadView view) {
        byte[] raw = view.get(view.tables().meta(), OFFSET_KEY);
        return raw == null ? 0 : ByteBuffer.wrap(raw).getLong();
    }

    /** The column family of {@code name}, one of {@link Tables#NAMES}. */
    ColumnFamilyHandle family(String name) {
        int i = Tables.NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column family " + name);
        }
        return handles.get(i + 1);
    }

    RocksDB db() {
        return db;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    /** Restore, apply thread: from now until {@link #restored}, {@link #read} sees the state as it is now. */
    void pinReaders() {
        pinned = db.getSnapshot();
    }

    /**
     * Restore, apply thread, after its final batch: readers see the restored state from now on, the index
     * offset is re-read, and the commit listener hears that everything changed at {@code index}.
     */
    void restored(long index) {
        closeLock.writeLock().lock();
        try {
            Snapshot s = pinned;
            pinned = null;
            if (s != null) {
                db.releaseSnapshot(s);
            }
        } finally {
            closeLock.writeLock().unlock();
        }
        indexOffset = read(StateStore::indexOffset);
        version++;
        Consumer<WriteTx.Changes> l = listener;
        if (l != null) {
            l.accept(WriteTx.Changes.everything(index));
        }
    }

    /**
     * Commits {@code tx} and hands what it changed to the commit listener, once the writes are visible to
     * {@link #read}.
     */
    public WriteTx.Changes commit(WriteTx tx) {
        WriteTx.Changes changes = tx.commit();
        version++;
        Consumer<WriteTx.Changes> l = listener;
        if (l != null && !changes.isEmpty()) {
            l.accept(changes);
        }
        return changes;
    }

    /**
     * A counter that moves after each commit, before the commit listener is told (so a watcher woken by a
     * commit always sees a new version). Equal versions of this store mean equal committed state.
     */
    public long version() {
        return version;
    }

    /**
     * Sets the one listener told of every non-empty commit, on the committing thread: it must only hand
     * the work off (wake futures, publish events), never run queries there.
     */
    public void onCommit(Consumer<WriteTx.Changes> listener) {
        this.listener = listener;
    }

    /** Runs {@code reader} against a consistent snapshot of the committed state. */
    public <T> T read(Function<ReadView, T> reader) {
        // The lock keeps close() from freeing the native database under a running read.
        closeLock.readLock().lock();
        try {
            if (closed) {
                throw new StateStoreClosedException();
            }
            Snapshot held = pinned;
            Snapshot snapshot = held != null ? held : db.getSnapshot();
            try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
                return reader.apply(new DbReadView(db, tables, options));
            } finally {
                if (held == null) {
                    db.releaseSnapshot(snapshot);
                }
            }
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /**
     * Writes a RocksDB checkpoint (hard links of the SST files after a flush) into {@code target}, which
     * must not exist. The caller holds the writer thread, so the checkpoint is the state at
     * {@link #appliedIndex()}.
     */
    public void checkpoint(Path target) throws IOException {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
                Checkpoint checkpoint = Checkpoint.create(db)) {
            db.flush(flush, handles);
            checkpoint.createCheckpoint(target.toString());
        } catch (RocksDBException e) {
            throw new IOException("checkpoint to " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** Flushes the memtables (the WAL is off, so this is what makes the state durable) and closes. */
    @Override
    public void close() {
        closeLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeDb();
        } finally {
            closeLock.writeLock().unlock();
        }
    }

    private void closeDb() {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
        } catch (RocksDBException e) {
            throw new StateStoreException("flush on close failed", e);
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            writeOptions.close();
            dbOptions.close();
            cfOptions.close();
        }
    }
}
