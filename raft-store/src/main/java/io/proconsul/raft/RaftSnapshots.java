package io.proconsul.raft;

import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.raft.command.CommandCodec;
import io.proconsul.raft.command.LogCommand;
import io.proconsul.raft.command.ResultCodec;
import io.proconsul.raft.fsm.StoreStateMachine;
import io.proconsul.raft.snapshot.SnapshotArchive;
import io.proconsul.raft.snapshot.SnapshotFormatException;
import io.proconsul.raft.snapshot.SnapshotMeta;
import io.proconsul.raft.snapshot.ScratchDir;
import io.proconsul.raft.snapshot.StateBin;
import io.proconsul.raft.state.RestoreStep;
import io.proconsul.raft.state.StateExport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The server side of {@code /v1/snapshot}: saves the state into Consul's archive layout and restores an
 * archive through Raft ({@link RestoreStep}s, applied by {@code StateImport}). Both stream through files
 * under {@code <data-dir>/snapshot-tmp}, so memory stays bounded by one restore chunk whatever the size
 * of the state.
 *
 * <p>Save: after the admission the read mode asks for (a ReadIndex round unless {@code stale}), the state
 * is exported from one RocksDB snapshot into {@code state.bin}, then archived. Restore: the archive is
 * verified and its {@code state.bin} extracted first (a damaged one changes nothing), then Begin, chunks of
 * about {@link #CHUNK_BYTES} and Commit are replicated one after another; a failure before the commit
 * submits an Abort. One save or restore at a time runs on the {@code raft-snapshot} thread; the others
 * queue. Thread-safe; {@link #close()} stops the thread.
 */
final class RaftSnapshots implements SnapshotStore, AutoCloseable {

    static final int CHUNK_BYTES = 1 << 20;

    private final Path scratch;
    private final ReadPath reads;
    private final Supplier<LocalSubmitter> submitter;
    private final Supplier<StoreStateMachine> fsm;
    private final RaftView raft;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "raft-snapshot");
        t.setDaemon(true);
        return t;
    });

    RaftSnapshots(Path scratch, ReadPath reads, Supplier<LocalSubmitter> submitter, Supplier<StoreStateMachine> fsm,
            RaftView raft) {
        this.scratch = scratch;
        this.reads = reads;
        this.submitter = submitter;
        this.fsm = fsm;
        this.raft = raft;
        ScratchDir.removeLeftovers(scratch);
    }

    @Override
    public Path scratchDir() throws IOException {
        return Files.createDirectories(scratch);
    }

    @Override
    public CompletableFuture<Saved> save(QueryOptions options) {
        return reads.admit(options).thenApplyAsync(v -> {
            try {
                return saveNow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, worker);
    }

    private Saved saveNow() throws IOException {
        Path state = Files.createTempFile(scratchDir(), "state-", ".bin");
        Path archive = Files.createTempFile(scratchDir(), "snapshot-", ".tgz");
        try {
            StateExport.Exported exported;
            try (OutputStream out = Files.newOutputStream(state)) {
                StateBin.Writer w = new StateBin.Writer(out);
                exported = fsm.get().read(store -> {
                    try {
                        return StateExport.export(store, w);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            SnapshotMeta meta = SnapshotMeta.of(exported.term(), exported.index(), Files.size(state),
                    System.currentTimeMillis());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16)) {
                SnapshotArchive.write(out, meta, state);
            }
            boolean knownLeader = raft.leader().isPresent();
            return new Saved(archive, Math.max(1, exported.index()), knownLeader, Math.max(0, raft.lastContactMillis()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(archive);
            throw e;
        } finally {
            Files.deleteIfExists(state);
        }
    }

    @Override
    public CompletableFuture<Void> restore(Path archive) {
        return CompletableFuture.runAsync(() -> {
            try {
                restoreNow(archive);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, worker);
    }

    private void restoreNow(Path archive) throws IOException {
        Path state = Files.createTempFile(scratchDir(), "restore-", ".bin");
        try {
            SnapshotMeta meta;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(state), 1 << 16)) {
                meta = SnapshotArchive.read(in, out);
            } catch (SnapshotFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            String id = UUID.randomUUID().toString();
            submit(new RestoreStep.Begin(id));
            try {
                long records = stage(id, state);
                submit(new RestoreStep.Commit(id, records, meta.index()));
            } catch (IOException | RuntimeException e) {
                abortQuietly(id, e);
                throw e;
            }
        } finally {
            Files.deleteIfExists(state);
        }
    }

    /** Replicates the records of {@code state} in chunks; returns how many. */
    private long stage(String id, Path state) throws IOException {
        long total = 0;
        try (InputStream in = Files.newInputStream(state)) {
            StateBin.Reader reader;
            try {
                reader = new StateBin.Reader(in);
            } catch (SnapshotFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            RestoreChunks chunks = new RestoreChunks(CHUNK_BYTES);
            StateBin.Entry e;
            while ((e = next(reader)) != null) {
                if (chunks.add(e)) {
                    total += flush(id, chunks);
                }
            }
            total += flush(id, chunks);
        }
        return total;
    }

    private static StateBin.Entry next(StateBin.Reader reader) throws IOException {
        try {
            return reader.next();
        } catch (SnapshotFormatException e) {
            throw new IllegalArgumentException("failed to read snapshot file: " + e.getMessage(), e);
        }
    }

    private int flush(String id, RestoreChunks chunks) {
        int n = chunks.count();
        if (n > 0) {
            submit(new RestoreStep.Chunk(id, n, chunks.take()));
        }
        return n;
    }

    private void submit(RestoreStep step) {
        LocalSubmitter s = submitter.get();
        if (s == null || raft.division().isEmpty()) {
            throw new NoClusterLeaderException();
        }
        byte[] data = CommandCodec.encode(new LogCommand.SnapshotRestore(RestoreStep.encode(step)));
        try {
            Object result = ResultCodec.decode(s.write(data).join().getContent().toByteArray());
            if (result instanceof ResultCodec.Failed f) {
                throw new IllegalStateException(f.message());
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void abortQuietly(String id, Exception cause) {
        try {
            submit(new RestoreStep.Abort(id));
        } catch (RuntimeException e) {
            // The staging stays until the next restore's Begin clears it; it is invisible to readers.
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
