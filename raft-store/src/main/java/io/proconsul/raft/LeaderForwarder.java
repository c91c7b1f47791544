package io.proconsul.raft;

import io.proconsul.raft.client.ServerRpc;
import io.proconsul.raft.rpc.RpcClient;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/**
 * Sends a write, or a ReadIndex request, to the leader when this server follows: the server side of
 * Consul's RPC forwarding, over Ratis's raw client transport ({@link ServerRpc}: one request
 * per call, no Ratis ordering window, so a follower's concurrent writes travel side by side instead of one
 * window slot after another).
 *
 * <p>Exactly once: every try of one request keeps its call id (the leader's retry cache answers a repeat),
 * and a request is resent only after a failure that proves it was not taken: a redirect (sent on at once
 * to the suggested leader), a leader not ready yet, a server not ready or not in the group, a connection
 * refused or closed before sending (these after {@link #RETRY_MS}, to whoever leads then). After anything
 * else (a timeout, a connection lost while waiting) the write may be in the log, so it is not resent and
 * the caller reports "No cluster leader".
 *
 * <p>Also holds this server's connections to the other servers' client RPC listeners ({@link #clientRpc()}),
 * over which {@link LocalSubmitter} forwards writes when it knows the leader's listener: many writes in
 * flight on one connection, where each of {@link ServerRpc}'s connections carries one at a time.
 *
 * <p>Thread-safe; owns its transports and closes them in {@link #close()}.
 */
final class LeaderForwarder implements AutoCloseable {

    static final long RETRY_MS = 20;

    private final ServerRpc rpc;
    private final RpcClient clientRpc = new RpcClient();
    private final ScheduledExecutorService scheduler;
    private final Supplier<Optional<RaftPeer>> leader;
    private RaftGroup known;
    private volatile boolean closed;

    /**
     * @param scheduler runs the delayed resends; never blocked here
     * @param leader the leader as this server sees it now, for resends after an election
     */
    LeaderForwarder(String datacenter, ScheduledExecutorService scheduler, Supplier<Optional<RaftPeer>> leader) {
        this.rpc = new ServerRpc(datacenter, scheduler, ServerRpc.CONNECTIONS);
        this.scheduler = scheduler;
        this.leader = leader;
    }

    /** The client RPC connections to the other servers, for writes forwarded to the leader's listener. */
    RpcClient clientRpc() {
        return clientRpc;
    }

    /** A write to the leader of {@code current}, tried on {@code leader} first; completes by {@code deadline}. */
    CompletableFuture<RaftClientReply> send(RaftGroup current, RaftPeerId leader, Message message, long deadline) {
        return call(current, leader, RaftClientRequest.writeRequestType(), message, deadline, true);
    }

    /** A linearizable read-only request to the leader: the leader confirms it leads, then answers. */
    CompletableFuture<RaftClientReply> readIndex(RaftGroup current, RaftPeerId leader, Message message, long deadline) {
        return call(current, leader, RaftClientRequest.readRequestType(), message, deadline, true);
    }

    /**
     * A request the leader's state machine answers in {@code query} without a ReadIndex round (a Ratis
     * stale read with no minimum index): how a follower asks the leader for what only it knows. Goes to
     * {@code leader} only; a server that no longer leads answers so itself.
     */
    CompletableFuture<RaftClientReply> askLeader(RaftGroup current, RaftPeerId leader, Message message,
            long deadline) {
        return call(current, leader, RaftClientRequest.staleReadRequestType(0), message, deadline, false);
    }

    private CompletableFuture<RaftClientReply> call(RaftGroup current, RaftPeerId target,
            RaftClientRequest.Type type, Message message, long deadline, boolean followLeader) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("closed"));
        }
        reach(current);
        CompletableFuture<RaftClientReply> out = new CompletableFuture<>();
        Request r = new Request(current, target, type, message, rpc.nextCallId(), deadline, followLeader, out);
        attempt(r, r.first());
        return out;
    }

    private synchronized void reach(RaftGroup current) {
        if (!current.equals(known)) {
            rpc.update(current.getPeers());
            known = current;
        }
    }

    private record Request(RaftGroup group, RaftPeerId target, RaftClientRequest.Type type, Message message,
            long callId, long deadline, boolean followLeader, CompletableFuture<RaftClientReply> out) {

        Optional<RaftPeer> first() {
            return Optional.ofNullable(target).map(group::getPeer);
        }
    }

    private void attempt(Request r, Optional<RaftPeer> target) {
        long left = r.deadline() - System.nanoTime();
        if (left <= 0 || closed) {
            r.out().completeExceptionally(new TimeoutIOException("no leader answered in time"));
            return;
        }
        if (target.isEmpty()) {
            retryLater(r);
            return;
        }
        rpc.send(target.get(), r.type(), r.message(), r.callId()).orTimeout(left, TimeUnit.NANOSECONDS)
                .whenComplete((reply, e) -> handle(r, reply, e));
    }

    private void handle(Request r, RaftClientReply reply, Throwable e) {
        if (e == null && reply.isSuccess()) {
            r.out().complete(reply);
            return;
        }
        Throwable problem = e != null ? ServerRpc.unwrap(e) : reply.getException();
        if (r.followLeader() && problem instanceof NotLeaderException nle && nle.getSuggestedLeader() != null
                && r.group().getPeer(nle.getSuggestedLeader().getId()) != null) {
            attempt(r, Optional.of(r.group().getPeer(nle.getSuggestedLeader().getId())));
        } else if (notTaken(problem) && (r.followLeader() || problem instanceof ServerRpc.NotSentException)) {
            retryLater(r);
        } else if (e != null) {
            r.out().completeExceptionally(problem);
        } else {
            r.out().complete(reply);
        }
    }

    /** Failures that prove the server did not take the request, so that sending it again is safe. */
    static boolean notTaken(Throwable problem) {
        return problem instanceof NotLeaderException || problem instanceof LeaderNotReadyException
                || problem instanceof ServerNotReadyException || problem instanceof GroupMismatchException
                || problem instanceof ServerRpc.NotSentException;
    }

    private void retryLater(Request r) {
        try {
            scheduler.schedule(() -> attempt(r, r.followLeader() ? leader.get() : r.first()), RETRY_MS,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException x) {
            r.out().completeExceptionally(new IOException("closed"));
        }
    }

    @Override
    public void close() {
        closed = true;
        rpc.close();
        clientRpc.close();
    }
}
