package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.raft.Poll;
import io.proconsul.raft.RaftStore;
import io.proconsul.raft.snapshot.SnapshotArchive;
import io.proconsul.raft.snapshot.SnapshotMeta;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots through a client agent ({@link ServerForwardingStore} as a {@link SnapshotStore}): streamed
 * over the server's client RPC listener, a save is the server's own save (same index, same state), a
 * restore is the server's own restore, and a damaged archive fails with the server's own text. The state
 * is a few MiB, so that the archive crosses many chunk frames.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotsThroughClientIT {

    private static final int KEYS = 600;
    private static final int VALUE_BYTES = 8 * 1024;

    @TempDir
    static Path dir;

    private TestServers servers;
    private final InProcessEventBus clientBus = new InProcessEventBus();
    private ServerForwardingStore client;
    private RaftStore server;

    @BeforeAll
    void start() throws Exception {
        servers = TestServers.start(dir, 1);
        server = servers.stores.get(0);
        Poll.until(Duration.ofSeconds(20), () -> assertThat(server.leader()).isPresent());
        client = new ServerForwardingStore(TestServers.config(dir.resolve("client"), "client1", false, 0), clientBus);
        client.start();
        servers.announce(clientBus, io.proconsul.core.membership.MemberEvent.Type.JOIN);
        Poll.until(Duration.ofSeconds(20), () -> assertThat(client.leader()).isPresent());
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < KEYS; i++) {
            byte[] value = new byte[VALUE_BYTES];
            random.nextBytes(value);
            client.apply(new KvApply(KvOp.set("snap/" + i, value, 0))).get(10, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    void stop() {
        client.close();
        clientBus.close();
        servers.close();
    }

    @Test
    void aSaveThroughTheClientIsTheServersSave() throws Exception {
        QueryOptions stale = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);
        SnapshotStore.Saved direct = server.save(stale).get(30, TimeUnit.SECONDS);
        SnapshotStore.Saved forwarded = client.save(QueryOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        try {
            assertThat(forwarded.file()).startsWith(dir.resolve("client"));
            assertThat(Files.size(forwarded.file())).isGreaterThan(KEYS * (long) VALUE_BYTES);
            assertThat(forwarded.index()).isEqualTo(direct.index());
            assertThat(forwarded.knownLeader()).isTrue();
            Extracted a = extract(direct.file());
            Extracted b = extract(forwarded.file());
            assertThat(b.meta().index()).isEqualTo(a.meta().index());
            assertThat(b.meta().term()).isEqualTo(a.meta().term());
            assertThat(Arrays.equals(b.state(), a.state())).as("same state.bin").isTrue();
        } finally {
            Files.deleteIfExists(direct.file());
            Files.deleteIfExists(forwarded.file());
        }
    }

    @Test
    void aRestoreThroughTheClientPutsTheSavedStateBack() throws Exception {
        SnapshotStore.Saved saved = client.save(QueryOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        client.apply(new KvApply(KvOp.set("snap/0", "changed".getBytes(StandardCharsets.UTF_8), 0)))
                .get(10, TimeUnit.SECONDS);
        client.apply(new KvApply(KvOp.set("not-in-the-snapshot", new byte[] {1}, 0))).get(10, TimeUnit.SECONDS);

        client.restore(saved.file()).get(60, TimeUnit.SECONDS);

        assertThat(saved.file()).as("the caller owns the archive").exists();
        Files.delete(saved.file());
        KvEntry first = client.query(new KvGet("snap/0"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS)
                .value().orElseThrow();
        assertThat(first.value()).hasSize(VALUE_BYTES);
        assertThat(client.query(new KvGet("not-in-the-snapshot"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS)
                .value()).isEmpty();
        assertThat(client.query(new KvList("snap/"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value())
                .hasSize(KEYS);
    }

    @Test
    void aDamagedArchiveFailsWithTheServersTextAndChangesNothing() throws Exception {
        SnapshotStore.Saved saved = server.save(QueryOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        byte[] archive = Files.readAllBytes(saved.file());
        Files.delete(saved.file());
        Path cut = dir.resolve("cut.snap");
        Files.write(cut, Arrays.copyOf(archive, archive.length - 30));
        client.apply(new KvApply(KvOp.set("marker", new byte[] {9}, 0))).get(10, TimeUnit.SECONDS);

        ExecutionException onServer = assertThrows(ExecutionException.class,
                () -> server.restore(cut).get(30, TimeUnit.SECONDS));
        ExecutionException throughClient = assertThrows(ExecutionException.class,
                () -> client.restore(cut).get(30, TimeUnit.SECONDS));

        assertThat(throughClient.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(onServer.getCause().getMessage())
                .hasMessageStartingWith("failed to read snapshot file: ");
        assertThat(client.query(new KvGet("marker"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value())
                .isPresent();
        Poll.until(Duration.ofSeconds(5), () -> {
            try (var files = Files.list(server.scratchDir())) {
                assertThat(files.toList()).as("uploads deleted").isEmpty();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private record Extracted(SnapshotMeta meta, byte[] state) {}

    private static Extracted extract(Path archive) throws Exception {
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(archive)) {
            SnapshotMeta meta = SnapshotArchive.read(in, state);
            return new Extracted(meta, state.toByteArray());
        }
    }
}
