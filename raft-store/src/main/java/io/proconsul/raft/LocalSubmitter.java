package io.proconsul.raft;

import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.raft.rpc.RpcClient;
import io.proconsul.raft.rpc.RpcFrames;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands requests to the local Ratis server in-process (no network hop), as a client of it: writes, and
 * the empty read-only request whose linearizable read is the ReadIndex barrier of a consistent read.
 * A write reaching a follower goes on to the leader, and is answered as soon as the leader's reply arrives:
 * over the leader's client RPC listener ({@link RpcFrames#WRITE_INDEXED}, many writes in flight on one
 * connection) when gossip told this server where it listens, else through the {@link LeaderForwarder}.
 * This server may apply it only with the leader's next appendEntries (at the latest its next heartbeat).
 * To still read its own writes, this server's local reads wait first in {@link #awaitOwnWrites()} for the
 * highest index it acknowledged a forwarded write at (the leader's answer carries it): the wait moves from
 * every write to the next local read that needs it.
 *
 * <p>At most once: a forwarded write is sent again (after {@link #RETRY_MS}, to whoever leads then) only
 * when it provably did not reach a server that would act on it ({@link RpcClient.NotSentException}); after
 * any other failure it may be in the log, and fails as below.
 *
 * <p>Any failure to get a reply in time, or a reply saying this server does not lead, becomes
 * {@link NoClusterLeaderException}: Consul's answer when it cannot reach a leader within its RPC hold
 * timeout. Futures complete on Ratis or client RPC threads; callers move work elsewhere. Thread-safe.
 */
final class LocalSubmitter {

    private static final Logger log = LoggerFactory.getLogger(LocalSubmitter.class);

    /** Consul's RPCHoldTimeout: how long a request may wait for a leader. */
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(7);

    private static final long RETRY_MS = 20;

    private final RaftServer server;
    private final RaftView view;
    private final LeaderForwarder forwarder;
    private final Function<RaftPeerId, Optional<String>> clientRpcAddress;
    private final LongFunction<CompletableFuture<Void>> awaitApplied;
    private final ScheduledExecutorService scheduler;
    private final RaftGroupId groupId;
    private final RaftPeerId self;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    /** The highest log index of a forwarded write this server has acknowledged. */
    private final AtomicLong acknowledged = new AtomicLong();

    /** A write's outcome: the state machine's reply and the Raft log index the write was applied at. */
    record Applied(Message message, long index) {}

    /**
     * @param awaitApplied completes once the local state machine has applied the given log index (for
     *     {@link #awaitOwnWrites()})
     * @param clientRpcAddress where a server takes forwarded writes over client RPC ({@code ip:port}), as
     *     gossip tells; empty unless it advertises {@link RpcFrames#WRITE_INDEXED} ({@link KnownServers})
     */
    LocalSubmitter(RaftServer server, RaftView view, RaftGroupId groupId, RaftPeerId self,
            ScheduledExecutorService scheduler, LeaderForwarder forwarder,
            LongFunction<CompletableFuture<Void>> awaitApplied,
            Function<RaftPeerId, Optional<String>> clientRpcAddress) {
        this.server = server;
        this.clientRpcAddress = clientRpcAddress;
        this.awaitApplied = awaitApplied;
        this.view = view;
        this.forwarder = forwarder;
        this.scheduler = scheduler;
        this.groupId = groupId;
        this.self = self;
    }

    /** Replicates {@code data}; completes with the state machine's reply message once the leader applied it. */
    CompletableFuture<Message> write(byte[] data) {
        return writeIndexed(data).thenApply(Applied::message);
    }

    /** As {@link #write}, with the log index the write was applied at. */
    CompletableFuture<Applied> writeIndexed(byte[] data) {
        CompletableFuture<Applied> result = new CompletableFuture<>();
        route(Message.valueOf(ByteString.copyFrom(data)), System.nanoTime() + HOLD_TIMEOUT.toNanos(), result);
        return result;
    }

    /** A write goes to the leader when this server follows one, else to the local server. */
    private void route(Message message, long deadline, CompletableFuture<Applied> out) {
        if (!view.isLeader() && view.leader().isPresent()) {
            forward(message, deadline, out);
        } else {
            attempt(RaftClientRequest.writeRequestType(), message, deadline, out);
        }
    }

    /**
     * Completes once the local state machine has applied every write this server acknowledged after
     * forwarding it to the leader (at once when it has), or after the hold timeout; never fails. A read of
     * this server's local state that goes after it sees them: read-your-writes for ?stale and other local
     * reads on a follower. Default and consistent reads need no such wait: their ReadIndex round with the
     * leader returns an applied index at or past every write the leader has answered.
     */
    CompletableFuture<Void> awaitOwnWrites() {
        long index = acknowledged.get();
        if (index == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return awaitApplied.apply(index).completeOnTimeout(null, HOLD_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Completes once a ReadIndex round has confirmed leadership and the local state caught up to it. */
    CompletableFuture<Message> linearizableBarrier() {
        CompletableFuture<Applied> result = new CompletableFuture<>();
        attempt(RaftClientRequest.readRequestType(), Message.EMPTY, System.nanoTime() + HOLD_TIMEOUT.toNanos(),
                result);
        return result.thenApply(Applied::message);
    }

    /**
     * One try; while no leader is ready (an election, a new leader applying its first entry) it tries
     * again shortly, until the hold timeout, as Consul's RPC layer holds a request waiting for a leader.
     */
    private void attempt(RaftClientRequest.Type type, Message message, long deadline, CompletableFuture<Applied> out) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || view.isClosed()) {
            out.completeExceptionally(new NoClusterLeaderException());
            return;
        }
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(self)
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(message)
                .setType(type)
                .setTimeoutMs(TimeUnit.NANOSECONDS.toMillis(left))
                .build();
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = server.submitClientRequestAsync(request);
        } catch (IOException e) {
            out.completeExceptionally(new NoClusterLeaderException());
            return;
        }
        reply.orTimeout(left, TimeUnit.NANOSECONDS).whenComplete((r, e) -> {
            if (e == null && r != null && r.isSuccess()) {
                out.complete(new Applied(r.getMessage(), r.getLogIndex()));
            } else if (type.is(TypeCase.WRITE) && r != null && hasOtherLeader(r)) {
                forward(message, deadline, out);
            } else if (isLeaderPending(r, e)) {
                scheduler.schedule(() -> attempt(type, message, deadline, out), RETRY_MS, TimeUnit.MILLISECONDS);
            } else {
                log.debug("raft: request failed: {}", String.valueOf(e != null ? e : r), e);
                out.completeExceptionally(new NoClusterLeaderException());
            }
        });
    }

    /**
     * For a follower: asks the leader for a linearizable read point and completes with the leader's
     * applied index at that point (the Netty transport has no follower ReadIndex of its own).
     */
    CompletableFuture<Long> leaderReadIndex() {
        Optional<RaftGroup> group = view.division().map(RaftServer.Division::getGroup);
        if (group.isEmpty()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        return forwarder.readIndex(group.get(), leaderId(), Message.EMPTY, System.nanoTime() + HOLD_TIMEOUT.toNanos())
                .handle((r, e) -> {
                    if (e != null || r == null || !r.isSuccess()) {
                        throw new NoClusterLeaderException();
                    }
                    return r.getMessage().getContent().asReadOnlyByteBuffer().getLong();
                });
    }

    /**
     * A follower's write goes to the leader: to its client RPC listener when the leader advertises that it
     * takes {@link RpcFrames#WRITE_INDEXED} there (an older build closes the connection on it), else through the
     * {@link LeaderForwarder} (see there for when it is resent).
     */
    private void forward(Message message, long deadline, CompletableFuture<Applied> out) {
        RaftPeerId leader = leaderId();
        Optional<String> address = clientRpcAddress.apply(leader);
        if (address.isPresent()) {
            forwardRpc(address.get(), message, deadline, out);
        } else {
            forwardRatis(message, deadline, out);
        }
    }

    private void forwardRpc(String address, Message message, long deadline, CompletableFuture<Applied> out) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || view.isClosed()) {
            out.completeExceptionally(new NoClusterLeaderException());
            return;
        }
        forwarder.clientRpc().call(address, RpcFrames.WRITE_INDEXED, message.getContent().toByteArray(),
                Duration.ofNanos(left)).whenComplete((answer, e) -> {
                    if (e == null) {
                        acknowledge(answer, out);
                        return;
                    }
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof RpcClient.NotSentException) {
                        // No server acted on it: send it again shortly, to whoever leads by then.
                        log.debug("raft: write not taken by the leader at {}: {}", address, cause.getMessage());
                        retryLater(message, deadline, out);
                    } else {
                        log.debug("raft: forwarding to the leader at {} failed: {}", address, String.valueOf(cause));
                        out.completeExceptionally(new NoClusterLeaderException());
                    }
                });
    }

    private void acknowledge(byte[] answer, CompletableFuture<Applied> out) {
        long index;
        Message result;
        try {
            index = RpcFrames.indexOf(answer);
            result = Message.valueOf(ByteString.copyFrom(RpcFrames.resultOf(answer)));
        } catch (RuntimeException x) {
            log.warn("raft: malformed answer from the leader: {}", x.getMessage());
            out.completeExceptionally(new NoClusterLeaderException());
            return;
        }
        // Recorded before the answer: a local read issued after it waits for this index.
        acknowledged.accumulateAndGet(index, Math::max);
        out.complete(new Applied(result, index));
    }

    private void retryLater(Message message, long deadline, CompletableFuture<Applied> out) {
        try {
            scheduler.schedule(() -> route(message, deadline, out), RETRY_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException x) {
            out.completeExceptionally(new NoClusterLeaderException());
        }
    }

    private void forwardRatis(Message message, long deadline, CompletableFuture<Applied> out) {
        Optional<RaftGroup> group = view.division().map(RaftServer.Division::getGroup);
        if (group.isEmpty()) {
            out.completeExceptionally(new NoClusterLeaderException());
            return;
        }
        forwarder.send(group.get(), leaderId(), message, deadline).whenComplete((r, e) -> {
            if (e == null && r != null && r.isSuccess()) {
                // Recorded before the answer: a local read issued after it waits for this index.
                acknowledged.accumulateAndGet(r.getLogIndex(), Math::max);
                out.complete(new Applied(r.getMessage(), r.getLogIndex()));
            } else {
                log.debug("raft: forwarding to the leader failed: {}", e != null ? e : r);
                out.completeExceptionally(new NoClusterLeaderException());
            }
        });
    }

    private RaftPeerId leaderId() {
        return view.leader().map(RaftPeer::getId).orElse(null);
    }

    private static boolean hasOtherLeader(RaftClientReply r) {
        NotLeaderException nle = r.getNotLeaderException();
        return nle != null && nle.getSuggestedLeader() != null;
    }

    /** This server is (or may shortly be) the leader but cannot serve yet. */
    private static boolean isLeaderPending(RaftClientReply r, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause != null) {
            return cause instanceof ServerNotReadyException || cause instanceof LeaderNotReadyException;
        }
        if (r == null) {
            return false;
        }
        if (r.getLeaderNotReadyException() != null) {
            return true;
        }
        NotLeaderException nle = r.getNotLeaderException();
        return nle != null && nle.getSuggestedLeader() == null;
    }
}
