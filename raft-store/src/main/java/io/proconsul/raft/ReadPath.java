package io.proconsul.raft;

import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.raft.fsm.StoreStateMachine;
import io.proconsul.raft.state.Indexed;
import io.proconsul.raft.watch.BlockingQueries;
import io.proconsul.raft.watch.KeyWatches;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads with Consul's consistency modes, then blocks if asked:
 * <ul>
 *   <li>{@code DEFAULT}: served locally while this server is the ready leader; a follower first does a
 *       ReadIndex round with the leader; with no leader known, "No cluster leader".
 *   <li>{@code CONSISTENT}: a Ratis linearizable read (ReadIndex confirmed by a quorum, local state caught
 *       up to it), then the local read.
 *   <li>{@code STALE}: the local replica, unless it has not heard from a leader within
 *       {@code maxStale}; at once, or as soon as it has applied the writes this server acknowledged.
 * </ul>
 * Thread-safe; never blocks the caller.
 */
final class ReadPath {

    private static final Logger log = LoggerFactory.getLogger(ReadPath.class);
    private static final long LEADER_POLL_MS = 10;

    private final RaftView raft;
    private final Supplier<LocalSubmitter> submitter;
    private final Supplier<StoreStateMachine> fsm;
    private final KeyWatches watches;
    private final BlockingQueries blocking;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final QueryCache cache = new QueryCache();

    /** @param fsm the current state machine (it is replaced when the server re-enters the group) */
    ReadPath(RaftView raft, Supplier<LocalSubmitter> submitter, Supplier<StoreStateMachine> fsm,
            KeyWatches watches, BlockingQueries blocking, Executor executor, ScheduledExecutorService scheduler) {
        this.raft = raft;
        this.submitter = submitter;
        this.fsm = fsm;
        this.watches = watches;
        this.blocking = blocking;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    <T> CompletableFuture<QueryResult<T>> query(Query<T> query, QueryOptions options) {
        QueryPlan<T> plan = QueryPlan.of(query);
        return admit(options).thenCompose(ok -> {
            Supplier<Indexed<T>> read = QueryCache.cacheable(query)
                    ? () -> fsm.get().read(state -> cache.read(query, state, plan.read()))
                    : () -> fsm.get().read(plan.read());
            CompletableFuture<Indexed<T>> answer = options.isBlocking()
                    ? blocking.run(read, () -> plan.watch().apply(watches), options.minIndex(), options.maxWait())
                    : CompletableFuture.supplyAsync(read, executor);
            return answer.thenApply(r -> result(r, options.consistency()));
        });
    }

    /** Completes (on the executor) when the read may go ahead in the requested mode. */
    CompletableFuture<Void> admit(QueryOptions options) {
        switch (options.consistency()) {
            case STALE -> {
                long contact = raft.lastContactMillis();
                boolean tooStale = !options.maxStale().isZero() && (contact < 0 || contact > options.maxStale().toMillis());
                return tooStale ? viaLeader() : ownWrites();
            }
            case CONSISTENT -> {
                return readIndex();
            }
            default -> {
                return viaLeader();
            }
        }
    }

    /**
     * A local read: after this server's own acknowledged writes are applied here (see
     * {@link LocalSubmitter#awaitOwnWrites()}), so that a write forwarded to the leader and answered is
     * seen by the next stale read on this server.
     */
    private CompletableFuture<Void> ownWrites() {
        LocalSubmitter s = submitter.get();
        CompletableFuture<Void> applied = s == null ? CompletableFuture.completedFuture(null) : s.awaitOwnWrites();
        return applied.thenRunAsync(() -> { }, executor);
    }

    /**
     * The leader reads its own state. A follower that knows a leader does a ReadIndex round with it and
     * then reads locally: what Consul gets by forwarding the read, without moving the answer.
     */
    private CompletableFuture<Void> viaLeader() {
        if (raft.isLeaderReady()) {
            return CompletableFuture.runAsync(() -> { }, executor);
        }
        return awaitLeader().thenCompose(v -> raft.isLeaderReady()
                ? CompletableFuture.runAsync(() -> { }, executor)
                : readIndex());
    }

    /**
     * While this server is in a group but no leader is known (an election is running), the read waits
     * for one up to Consul's RPC hold timeout, as Consul holds a request it cannot forward yet. A server
     * in no group fails at once: nothing will change until gossip forms one.
     */
    private CompletableFuture<Void> awaitLeader() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        pollLeader(ready, System.nanoTime() + LocalSubmitter.HOLD_TIMEOUT.toNanos());
        return ready;
    }

    private void pollLeader(CompletableFuture<Void> ready, long deadline) {
        if (raft.division().isEmpty() || raft.isClosed()) {
            ready.completeExceptionally(new NoClusterLeaderException());
        } else if (raft.leader().isPresent() && (!raft.isLeader() || raft.isLeaderReady())) {
            ready.complete(null);
        } else if (System.nanoTime() > deadline) {
            log.debug("read refused: No cluster leader");
            ready.completeExceptionally(new NoClusterLeaderException());
        } else {
            scheduler.schedule(() -> pollLeader(ready, deadline), LEADER_POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** On the leader a local ReadIndex round; on a follower the leader's, then waiting to catch up. */
    private CompletableFuture<Void> readIndex() {
        LocalSubmitter s = submitter.get();
        if (s == null) {
            return noLeader();
        }
        if (raft.isLeader() || raft.leader().isEmpty()) {
            return s.linearizableBarrier().thenAcceptAsync(m -> { }, executor);
        }
        return s.leaderReadIndex().thenCompose(i -> fsm.get().awaitApplied(i))
                .thenAcceptAsync(v -> { }, executor);
    }

    private static CompletableFuture<Void> noLeader() {
        log.debug("read refused: No cluster leader");
        return CompletableFuture.failedFuture(new NoClusterLeaderException());
    }

    private <T> QueryResult<T> result(Indexed<T> r, Consistency mode) {
        boolean knownLeader = raft.leader().isPresent();
        long contact = Math.max(0, raft.lastContactMillis());
        return new QueryResult<>(r.value(), r.index(), knownLeader, contact, mode);
    }
}
