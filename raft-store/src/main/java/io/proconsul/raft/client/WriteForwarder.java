package io.proconsul.raft.client;

import io.proconsul.core.store.NoClusterLeaderException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a client agent's writes to the leader. Each write keeps one call ID for all its tries, so a resend
 * that does reach a server which already has it is answered from Ratis's retry cache instead of applied
 * twice. Still, a write is resent only after a failure that proves the server did not take it: a redirect
 * ({@code NotLeaderException}), a leader not ready yet, a server not in the group or not started, a
 * connection refused or closed before the request went out. After anything else (a timeout, a connection
 * lost while waiting) it may be in the log, so it fails with "No cluster leader" and applies at most once.
 * Tries go on until Consul's RPC hold timeout.
 *
 * <p>Thread-safe; all work runs on the given executor.
 */
final class WriteForwarder {

    private static final Logger log = LoggerFactory.getLogger(WriteForwarder.class);
    private static final long RETRY_MS = 20;

    private final ServerRpc rpc;
    private final ServerList servers;
    private final ClusterView cluster;
    private final ScheduledExecutorService executor;
    private final Duration hold;

    WriteForwarder(ServerRpc rpc, ServerList servers, ClusterView cluster, ScheduledExecutorService executor,
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
        Message message = Message.valueOf(ByteString.copyFrom(command));
        long callId = rpc.nextCallId();
        long deadline = System.nanoTime() + hold.toNanos();
        executor.execute(() -> attempt(message, callId, leaderOrAny(), deadline, out));
        return out;
    }

    private Optional<RaftPeer> leaderOrAny() {
        Optional<RaftPeer> leader = cluster.leader();
        return leader.isPresent() ? leader : servers.preferred();
    }

    private void attempt(Message message, long callId, Optional<RaftPeer> target, long deadline,
            CompletableFuture<byte[]> out) {
        long left = deadline - System.nanoTime();
        if (target.isEmpty() || left <= 0 || out.isDone()) {
            out.completeExceptionally(new NoClusterLeaderException());
            return;
        }
        RaftPeer to = target.get();
        rpc.send(to, RaftClientRequest.writeRequestType(), message, callId)
                .orTimeout(left, TimeUnit.NANOSECONDS)
                .whenComplete((r, e) -> executor.execute(() -> handle(message, callId, to, deadline, r, e, out)));
    }

    private void handle(Message message, long callId, RaftPeer to, long deadline, RaftClientReply r, Throwable e,
            CompletableFuture<byte[]> out) {
        if (e == null && r.isSuccess()) {
            cluster.leaderIs(r.getServerId());
            out.complete(r.getMessage().getContent().toByteArray());
            return;
        }
        Throwable problem = e != null ? ServerRpc.unwrap(e) : r.getException();
        if (problem instanceof NotLeaderException nle && nle.getSuggestedLeader() != null
                && servers.get(nle.getSuggestedLeader().getId()).isPresent()) {
            RaftPeerId next = nle.getSuggestedLeader().getId();
            cluster.leaderIs(next);
            attempt(message, callId, servers.get(next), deadline, out);
        } else if (problem instanceof LeaderNotReadyException || problem instanceof NotLeaderException) {
            // An election or a new leader's first entry: ask again shortly, wherever the leader now is.
            retryLater(message, callId, deadline, out, to.getId(), false);
        } else if (problem instanceof ServerRpc.NotSentException || problem instanceof ServerNotReadyException
                || problem instanceof GroupMismatchException) {
            retryLater(message, callId, deadline, out, to.getId(), true);
        } else {
            log.debug("write to {} failed and may have been taken: {}", to.getId(), String.valueOf(problem));
            out.completeExceptionally(new NoClusterLeaderException());
        }
    }

    private void retryLater(Message message, long callId, long deadline, CompletableFuture<byte[]> out,
            RaftPeerId failed, boolean serverUnusable) {
        if (serverUnusable) {
            cluster.forgetLeader();
            servers.rotate(failed);
        }
        executor.schedule(() -> attempt(message, callId, leaderOrAny(), deadline, out), RETRY_MS, TimeUnit.MILLISECONDS);
    }
}
