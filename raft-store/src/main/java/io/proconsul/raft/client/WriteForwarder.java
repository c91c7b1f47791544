package io.proconsul.raft.client;

import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.raft.rpc.RpcClient;
import io.proconsul.raft.rpc.RpcFrames;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a client agent's writes to a server, the leader when known: the server applies it through Raft as
 * its own writes (a follower forwards it to the leader and waits out an election within the hold timeout),
 * so a write needs no redirect here. A write is resent, to another server, only after a failure that
 * proves no server took it: no connection, a connection closed before the request went out, or a server
 * that answers that it is in no Raft group yet. After anything else (no leader in time, a timeout, a
 * connection lost while waiting) it may be in the log, so it fails with "No cluster leader" and applies at
 * most once. Tries go on until Consul's RPC hold timeout.
 *
 * <p>Thread-safe; all work runs on the given executor.
 */
final class WriteForwarder {

    private static final Logger log = LoggerFactory.getLogger(WriteForwarder.class);
    private static final long RETRY_MS = 20;

    private final RpcClient rpc;
    private final ServerList servers;
    private final ClusterView cluster;
    private final ScheduledExecutorService executor;
    private final Duration hold;

    WriteForwarder(RpcClient rpc, ServerList servers, ClusterView cluster, ScheduledExecutorService executor,
            Duration hold) {
        this.rpc = rpc;
        this.servers = servers;
        this.cluster = cluster;
        this.executor = executor;
        this.hold = hold;
    }

    /** Completes with the state machine's encoded result once the leader has applied the write. */
    CompletableFuture<byte[]> write(byte[] command) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        long deadline = System.nanoTime() + hold.toNanos();
        executor.execute(() -> attempt(command, deadline, out));
        return out;
    }

    private Optional<Server> leaderOrAny() {
        Optional<Server> leader = cluster.leader();
        return leader.isPresent() ? leader : servers.preferred();
    }

    private void attempt(byte[] command, long deadline, CompletableFuture<byte[]> out) {
        Optional<Server> target = leaderOrAny();
        long left = deadline - System.nanoTime();
        if (target.isEmpty() || left <= 0 || out.isDone()) {
            out.completeExceptionally(new NoClusterLeaderException());
            return;
        }
        Server to = target.get();
        rpc.call(to.rpcAddress(), RpcFrames.WRITE, command, Duration.ofNanos(left))
                .whenComplete((r, e) -> executor.execute(() -> handle(command, to, deadline, r, e, out)));
    }

    private void handle(byte[] command, Server to, long deadline, byte[] r, Throwable e,
            CompletableFuture<byte[]> out) {
        if (e == null) {
            out.complete(r);
            return;
        }
        Throwable problem = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (problem instanceof RpcClient.NotSentException) {
            log.debug("write not taken by {}, trying another server: {}", to.id(), problem.getMessage());
            if (cluster.leader().filter(to::equals).isPresent()) {
                cluster.forgetLeader();
            }
            servers.rotate(to.id());
            executor.schedule(() -> attempt(command, deadline, out), RETRY_MS, TimeUnit.MILLISECONDS);
        } else {
            log.debug("write to {} failed and may have been taken: {}", to.id(), String.valueOf(problem));
            out.completeExceptionally(new NoClusterLeaderException());
        }
    }
}
