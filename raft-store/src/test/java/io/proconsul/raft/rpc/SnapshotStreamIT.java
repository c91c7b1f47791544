package io.proconsul.raft.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.QueryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot exchanges of the client RPC on real sockets, with a file-backed {@link SnapshotStore} on
 * the server side (the transport's boundary; the Raft store behind it is {@code SnapshotsThroughClientIT}'s):
 * a multi-MiB archive arrives byte for byte both ways, the server's failures arrive as the same
 * exception and text, the read mode reaches the server, and a server that serves no snapshots answers
 * "not taken". The server's archive file is deleted once sent, the upload once restored.
 */
class SnapshotStreamIT {

    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final RpcClient client = new RpcClient();
    private RpcServer server;

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    /** Saves a copy of {@code archive}; a restore remembers the digest of what it was given. */
    private final class FileStore implements SnapshotStore {
        final Path archive;
        final AtomicReference<String> restored = new AtomicReference<>();
        final AtomicReference<QueryOptions> asked = new AtomicReference<>();
        final AtomicReference<Path> lastSaved = new AtomicReference<>();
        RuntimeException failure;

        FileStore(Path archive) {
            this.archive = archive;
        }

        @Override
        public CompletableFuture<Saved> save(QueryOptions options) {
            asked.set(options);
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            try {
                Path copy = Files.copy(archive, Files.createTempFile(scratchDir(), "saved-", ".tgz"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                lastSaved.set(copy);
                return CompletableFuture.completedFuture(new Saved(copy, 42, true, 7));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletableFuture<Void> restore(Path upload) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            return CompletableFuture.runAsync(() -> restored.set(digest(upload)));
        }

        @Override
        public Path scratchDir() throws IOException {
            return Files.createDirectories(dir.resolve("server-scratch"));
        }
    }

    private String start(SnapshotStore store) throws Exception {
        server = RpcServer.start("127.0.0.1", 0, new RpcService() {
            @Override
            public CompletableFuture<byte[]> write(byte[] command) {
                return CompletableFuture.failedFuture(new NotTakenException("none"));
            }

            @Override
            public CompletableFuture<byte[]> read(byte[] request) {
                return CompletableFuture.completedFuture(request);
            }

            @Override
            public SnapshotStore snapshots() {
                return store;
            }
        });
        return "127.0.0.1:" + server.port();
    }

    private Path archive(int bytes) throws IOException {
        byte[] data = new byte[bytes];
        new Random(3).nextBytes(data);
        return Files.write(dir.resolve("archive-" + bytes + ".tgz"), data);
    }

    private static String digest(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSaveArrivesByteForByteWithItsTrailerAndTheServersFileIsDeleted() throws Exception {
        Path archive = archive(5 * 1024 * 1024 + 123);
        FileStore store = new FileStore(archive);
        String to = start(store);
        Path target = Files.createFile(dir.resolve("download.tgz"));
        QueryOptions stale = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);

        byte[] trailer = client.download(to, SnapshotCodec.encodeSave(stale), target, LONG).get(30, TimeUnit.SECONDS);

        SnapshotStore.Saved saved = SnapshotCodec.decodeTrailer(target, trailer);
        assertThat(saved.index()).isEqualTo(42);
        assertThat(saved.knownLeader()).isTrue();
        assertThat(saved.lastContactMillis()).isEqualTo(7);
        assertThat(store.asked.get().consistency()).isEqualTo(Consistency.STALE);
        assertThat(digest(target)).isEqualTo(digest(archive));
        io.proconsul.raft.Poll.until(Duration.ofSeconds(5), () -> assertThat(store.lastSaved.get()).doesNotExist());
    }

    @Test
    void anUploadArrivesByteForByteAndTheUploadFileIsDeleted() throws Exception {
        Path archive = archive(3 * 1024 * 1024 + 7);
        FileStore store = new FileStore(archive);
        String to = start(store);

        client.upload(to, archive, LONG).get(30, TimeUnit.SECONDS);

        assertThat(store.restored.get()).isEqualTo(digest(archive));
        io.proconsul.raft.Poll.until(Duration.ofSeconds(5), () -> {
            try (var files = Files.list(store.scratchDir())) {
                assertThat(files.toList()).isEmpty();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void theServersFailureArrivesAsTheSameExceptionAndText() throws Exception {
        FileStore store = new FileStore(archive(1000));
        store.failure = new IllegalArgumentException("failed to read snapshot file: truncated");
        String to = start(store);
        Path target = Files.createFile(dir.resolve("download.tgz"));

        ExecutionException save = assertThrows(ExecutionException.class,
                () -> client.download(to, SnapshotCodec.encodeSave(QueryOptions.DEFAULT), target, LONG)
                        .get(30, TimeUnit.SECONDS));
        ExecutionException restore = assertThrows(ExecutionException.class,
                () -> client.upload(to, store.archive, LONG).get(30, TimeUnit.SECONDS));

        assertThat(save.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failed to read snapshot file: truncated");
        assertThat(restore.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failed to read snapshot file: truncated");
    }

    @Test
    void aServerWithoutSnapshotsDoesNotTakeThem() throws Exception {
        String to = start(null);
        Path target = Files.createFile(dir.resolve("download.tgz"));

        ExecutionException save = assertThrows(ExecutionException.class,
                () -> client.download(to, SnapshotCodec.encodeSave(QueryOptions.DEFAULT), target, LONG)
                        .get(30, TimeUnit.SECONDS));
        ExecutionException restore = assertThrows(ExecutionException.class,
                () -> client.upload(to, archive(100), LONG).get(30, TimeUnit.SECONDS));

        assertThat(save.getCause()).isInstanceOf(RpcClient.NotSentException.class);
        assertThat(restore.getCause()).isInstanceOf(RpcClient.NotSentException.class);
    }
}
