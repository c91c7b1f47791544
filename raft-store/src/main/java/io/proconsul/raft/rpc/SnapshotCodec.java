package io.proconsul.raft.rpc;

import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The small payloads of the snapshot exchanges ({@link RpcFrames}): the read mode of a save, the trailer
 * that ends a saved archive, and a failure. A failure keeps the kind of exception that the HTTP API maps
 * to its answer, so that a client agent answers exactly what the server would have (a damaged archive:
 * a 500 with the server's text; no leader: Consul's {@code No cluster leader}).
 */
public final class SnapshotCodec {

    private static final byte ARGUMENT = 0;
    private static final byte NO_LEADER = 1;
    private static final byte STATE = 2;
    private static final byte OTHER = 3;

    private SnapshotCodec() {}

    /** A save's request: where to read from ({@code ?stale} or the leader's state). */
    public static byte[] encodeSave(QueryOptions options) {
        return ByteBuffer.allocate(1 + Long.BYTES).put((byte) options.consistency().ordinal())
                .putLong(options.maxStale().toMillis()).array();
    }

    public static QueryOptions decodeSave(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        Consistency mode = Consistency.values()[b.get()];
        return new QueryOptions(mode, 0, null, Duration.ofMillis(b.getLong()), "", "");
    }

    /** The trailer after a saved archive's last chunk: what the HTTP answer's headers report. */
    public static byte[] encodeTrailer(SnapshotStore.Saved saved) {
        return ByteBuffer.allocate(Long.BYTES * 2 + 1).putLong(saved.index())
                .put((byte) (saved.knownLeader() ? 1 : 0)).putLong(saved.lastContactMillis()).array();
    }

    /** The archive in {@code file} with the trailer's index, leader flag and last contact. */
    public static SnapshotStore.Saved decodeTrailer(java.nio.file.Path file, byte[] trailer) {
        ByteBuffer b = ByteBuffer.wrap(trailer);
        long index = b.getLong();
        boolean knownLeader = b.get() != 0;
        return new SnapshotStore.Saved(file, index, knownLeader, b.getLong());
    }

    /** A failure of the server's save or restore, by the kind the HTTP API tells apart. */
    public static byte[] encodeFailure(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        byte kind = t instanceof NoClusterLeaderException ? NO_LEADER
                : t instanceof IllegalArgumentException ? ARGUMENT
                : t instanceof IllegalStateException ? STATE : OTHER;
        byte[] text = String.valueOf(t.getMessage()).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + text.length).put(kind).put(text).array();
    }

    /** The exception a {@link #encodeFailure failure} stands for on the client's side. */
    public static RuntimeException decodeFailure(byte[] payload) {
        if (payload.length == 0) {
            return new IllegalStateException("snapshot failed on the server");
        }
        String text = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
        return switch (payload[0]) {
            case NO_LEADER -> new NoClusterLeaderException();
            case ARGUMENT -> new IllegalArgumentException(text);
            case STATE -> new IllegalStateException(text);
            default -> new UncheckedIOException(new IOException(text));
        };
    }
}
