package io.proconsul.raft;

import io.proconsul.core.operator.Operator;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.raft.command.OperatorCodec;
import io.proconsul.raft.command.QueryCodec;
import io.proconsul.raft.fsm.StoreStateMachine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.protocol.TermIndex;

/**
 * The server side of client agents' reads: a request that arrived over the client RPC listener
 * ({@link ClientRpcService}; or, from an older client, as a Ratis stale-read request over the Raft port, see
 * {@link StoreStateMachine#query}) runs through this server's {@link ReadPath}
 * with the consistency mode the client asked for, exactly as a local read does, and its answer goes back
 * encoded with this server's applied index. Client agents' operator calls are answered by this server's
 * {@link Operator} the same way.
 *
 * <p>Never holds a request: Ratis's Netty transport answers a client request on the event-loop thread that
 * read it, waiting for the reply, so a held request would stall every connection on that thread, Raft
 * heartbeats and votes included (the client RPC listener has no such limit, but answers the same way).
 * Hence blocking queries are waited for by the client (which re-reads once
 * the applied index moves, see {@code io.proconsul.raft.client}); a read that needs a leader fails at once
 * when none is known (the client retries elsewhere within its hold time); and whatever a read still waits
 * for (a ReadIndex round) is cut off after {@link #BUDGET}. Thread-safe.
 */
final class RemoteReads {

    /** The longest a remote read may keep a transport thread before answering "No cluster leader". */
    static final Duration BUDGET = Duration.ofMillis(500);
    /** Operator calls (a configuration change among them) may take longer; they are rare. */
    static final Duration OPERATOR_BUDGET = Duration.ofSeconds(2);

    private final ReadPath reads;
    private final RaftView raft;
    private final Supplier<StoreStateMachine> fsm;
    private final Operator operator;

    RemoteReads(ReadPath reads, RaftView raft, Supplier<StoreStateMachine> fsm, Operator operator) {
        this.reads = reads;
        this.raft = raft;
        this.fsm = fsm;
        this.operator = operator;
    }

    /** Answers an encoded request; the future never fails, a failure is encoded in the answer. */
    CompletableFuture<byte[]> answer(byte[] request) {
        QueryCodec.Request decoded;
        try {
            decoded = QueryCodec.decodeRequest(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(QueryCodec.encodeFailed(e.getMessage()));
        }
        if (decoded instanceof QueryCodec.StatusRequest) {
            return CompletableFuture.completedFuture(QueryCodec.encodeStatus(status()));
        }
        if (decoded instanceof OperatorCodec.OperatorRequest op) {
            return operator(op).exceptionally(RemoteReads::failure).completeOnTimeout(QueryCodec.encodeNoLeader(),
                    OPERATOR_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        }
        QueryCodec.QueryRequest q = (QueryCodec.QueryRequest) decoded;
        QueryOptions o = q.options();
        if (o.consistency() != Consistency.STALE && !leaderServes()) {
            return CompletableFuture.completedFuture(QueryCodec.encodeNoLeader());
        }
        long applied = appliedIndex();
        CompletableFuture<byte[]> answer;
        try {
            answer = reads.query(q.query(), o.blocking(0, o.maxWait()))
                    .thenApply(r -> QueryCodec.encodeAnswer(r, applied));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(RemoteReads::failure)
                .completeOnTimeout(QueryCodec.encodeNoLeader(), BUDGET.toMillis(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<byte[]> operator(OperatorCodec.OperatorRequest r) {
        try {
            return switch (r.op()) {
                case RAFT_CONFIGURATION -> operator.raftConfiguration(r.options())
                        .thenApply(OperatorCodec::encodeConfiguration);
                case AUTOPILOT_CONFIGURATION -> operator.autopilotConfiguration(r.options())
                        .thenApply(OperatorCodec::encodeAutopilot);
                case AUTOPILOT_HEALTH -> operator.autopilotHealth(r.options()).thenApply(OperatorCodec::encodeHealth);
                case REMOVE_PEER -> operator.removeRaftPeer(r.id(), r.address()).thenApply(v -> QueryCodec.encodeOk());
            };
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A leader is known, and if it is this server it can serve reads already. */
    private boolean leaderServes() {
        return raft.leader().isPresent() && (!raft.isLeader() || raft.isLeaderReady());
    }

    private long appliedIndex() {
        TermIndex applied = fsm.get().getLastAppliedTermIndex();
        return applied == null ? 0 : applied.getIndex();
    }

    private QueryCodec.Status status() {
        RaftPeer leader = raft.leader().orElse(null);
        return new QueryCodec.Status(
                leader == null ? "" : leader.getId().toString(),
                leader == null ? "" : leader.getAddress(),
                raft.voters().stream().map(p -> p.getId() + "=" + p.getAddress()).toList(),
                appliedIndex());
    }

    private static byte[] failure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof NoClusterLeaderException) {
            return QueryCodec.encodeNoLeader();
        }
        return cause instanceof IllegalArgumentException
                ? QueryCodec.encodeBadRequest(cause.getMessage())
                : QueryCodec.encodeFailed(String.valueOf(cause.getMessage()));
    }
}
