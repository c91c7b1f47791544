package io.proconsul.core.snapshot;

import io.proconsul.core.store.QueryOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Saving and restoring the whole replicated state as one archive: the server side of Consul's
 * {@code /v1/snapshot} (website/content/api-docs/snapshot.mdx). Implemented by a server's store; a client
 * agent has none (the HTTP API then answers with an error, see docs/compatibility.md).
 *
 * <p>Archives travel as files, never as one buffer: a save writes a new file under {@link #scratchDir()}
 * that the caller streams out and deletes; a restore reads a file the caller uploaded there. Methods do
 * not block; futures complete on the store's threads. Thread-safe.
 */
public interface SnapshotStore {

    /**
     * A saved archive.
     *
     * @param file the archive, owned (and deleted) by the caller
     * @param index the state's index in the archive, for {@code X-Consul-Index}
     */
    record Saved(Path file, long index, boolean knownLeader, long lastContactMillis) {}

    /**
     * Writes a point-in-time archive of the whole state. {@code options} says where from: by default (and
     * {@code consistent}) the state as the leader has it, {@code stale} this server's own, as Consul's
     * snapshot endpoint takes {@code ?stale}.
     */
    CompletableFuture<Saved> save(QueryOptions options);

    /**
     * Verifies the archive in {@code archive} (checksums, format) and, only if it is sound, replaces the
     * whole state with it through Raft, so that every server ends with the same state; completes once this
     * server has applied it. A damaged archive fails with {@link IllegalArgumentException} and changes
     * nothing. The caller still owns the file.
     */
    CompletableFuture<Void> restore(Path archive);

    /** A directory under the data dir for archives on their way in or out; created if missing. */
    Path scratchDir() throws IOException;
}
