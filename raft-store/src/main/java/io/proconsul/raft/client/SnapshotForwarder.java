package io.proconsul.raft.client;

import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.raft.rpc.RpcClient;
import io.proconsul.raft.rpc.SnapshotCodec;
import io.proconsul.raft.snapshot.ScratchDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client agent's {@code /v1/snapshot}: as Consul's client agents forward snapshot requests to a server
 * ({@code agent/consul/client.go SnapshotRPC}), each save or restore streams through one server's client
 * RPC listener ({@link RpcClient#download}, {@link RpcClient#upload}), which runs its own save or restore
 * (the leader's state unless {@code ?stale}; a restore goes through Raft). The leader is asked first; a
 * server that provably did not take the request is skipped for the next, any other failure ends the
 * request. The archive passes through a file under {@code <data-dir>/snapshot-tmp}, never memory.
 * Thread-safe; futures complete on the RPC client's threads.
 */
final class SnapshotForwarder {

    private static final Logger log = LoggerFactory.getLogger(SnapshotForwarder.class);

    /** How long one save or restore may take end to end (the HTTP API itself sets no limit). */
    static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);

    private final RpcClient rpc;
    private final ServerList servers;
    private final ClusterView cluster;
    private final Path scratch;

    SnapshotForwarder(RpcClient rpc, ServerList servers, ClusterView cluster, Path scratch) {
        this.rpc = rpc;
        this.servers = servers;
        this.cluster = cluster;
        this.scratch = scratch;
        ScratchDir.removeLeftovers(scratch);
    }

    Path scratchDir() throws IOException {
        return Files.createDirectories(scratch);
    }

    CompletableFuture<SnapshotStore.Saved> save(QueryOptions options) {
        Path target;
        try {
            target = Files.createTempFile(scratchDir(), "snapshot-", ".tgz");
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        byte[] request = SnapshotCodec.encodeSave(options);
        CompletableFuture<SnapshotStore.Saved> saved = attempt(order(), 0,
                server -> rpc.download(server.rpcAddress(), request, target, TRANSFER_TIMEOUT))
                .thenApply(trailer -> SnapshotCodec.decodeTrailer(target, trailer));
        saved.whenComplete((s, e) -> {
            if (e != null) {
                delete(target);
            }
        });
        return saved;
    }

    CompletableFuture<Void> restore(Path archive) {
        return attempt(order(), 0, server -> rpc.upload(server.rpcAddress(), archive, TRANSFER_TIMEOUT));
    }

    /** The leader first (it would do the work anyway), then the other servers. */
    private List<Server> order() {
        List<Server> all = new ArrayList<>(servers.all());
        cluster.leader().ifPresent(l -> {
            all.removeIf(s -> s.id().equals(l.id()));
            all.add(0, l);
        });
        return all;
    }

    private <T> CompletableFuture<T> attempt(List<Server> order, int i,
            Function<Server, CompletableFuture<T>> send) {
        if (i >= order.size()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        return send.apply(order.get(i)).handle((v, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(v);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RpcClient.NotSentException) {
                log.debug("snapshot: {} did not take it ({}); trying the next server", order.get(i), cause.getMessage());
                return attempt(order, i + 1, send);
            }
            return CompletableFuture.<T>failedFuture(transport(cause));
        }).thenCompose(f -> f);
    }

    /** The server's own failures pass as they are; a transport failure is the HTTP API's unexpected error. */
    private static Throwable transport(Throwable cause) {
        if (cause instanceof RuntimeException) {
            return cause;
        }
        if (cause instanceof RpcClient.NoLeaderException) {
            return new NoClusterLeaderException();
        }
        return new UncheckedIOException(cause instanceof IOException io ? io : new IOException(cause));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("snapshot file {} left behind: {}", file, e.getMessage());
        }
    }
}
