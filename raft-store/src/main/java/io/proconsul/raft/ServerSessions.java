package io.proconsul.raft;

import io.proconsul.core.GoDuration;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.SessionDestroy;
import io.proconsul.raft.fsm.StoreStateMachine;
import io.proconsul.raft.state.SessionTable;
import io.proconsul.raft.state.WriteTx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a server keeps of sessions outside the replicated state: the {@link LockDelays} it records on
 * every applied invalidation and checks as leader before replicating a write, and the
 * {@link SessionTimers} it records on every apply and runs as leader. The store hands it each commit, each
 * leader change and each new state machine. Thread-safe.
 */
final class ServerSessions {

    private final LockDelays lockDelays;
    private final SessionTimers timers;
    private final Executor executor;
    private final Supplier<StoreStateMachine> fsm;

    /**
     * @param destroy submits a session destroy through Raft: the store's {@code apply}
     * @param fsm the current state machine, read again after a snapshot replaced the state
     */
    ServerSessions(ScheduledExecutorService scheduler, Function<SessionDestroy, CompletableFuture<Boolean>> destroy,
            Supplier<StoreStateMachine> fsm) {
        this.lockDelays = new LockDelays();
        this.timers = new SessionTimers(scheduler, destroy, SessionTimers.MULTIPLIER);
        this.executor = scheduler;
        this.fsm = fsm;
    }

    /** Wires a new state machine's pre-apply check (leader side of the lock delay); returns it. */
    StoreStateMachine attach(StoreStateMachine machine) {
        machine.preApplyWrites(lockDelays::refusal);
        return machine;
    }

    /** Apply thread: records lock delays and TTL starts and ends of one applied entry. */
    void committed(WriteTx.Changes changes) {
        if (changes.sessionEffects().resync()) {
            // A snapshot replaced the state: the sessions are read again, off the apply thread.
            executor.execute(() -> timers.resync(ttlSessions(fsm.get())));
        } else if (!changes.sessionEffects().isEmpty()) {
            lockDelays.record(changes.sessionEffects().lockDelays());
            timers.applied(changes.sessionEffects());
        }
    }

    /** Store thread: on leadership, every TTL session in {@code fsm}'s state gets a full timer from now. */
    void leaderChanged(boolean self, StoreStateMachine fsm) {
        if (self) {
            timers.leadershipGained(ttlSessions(fsm));
        } else {
            timers.leadershipLost();
        }
    }

    /** The sessions with a TTL, by ID; none when the state is not open (the next apply brings them). */
    private static Map<String, Duration> ttlSessions(StoreStateMachine fsm) {
        Map<String, Duration> out = new HashMap<>();
        try {
            fsm.read(state -> {
                new SessionTable(state).forEach((id, ttl) -> {
                    if (!ttl.isEmpty()) {
                        Duration d = GoDuration.parse(ttl);
                        if (!d.isNegative() && !d.isZero()) {
                            out.put(id, d);
                        }
                    }
                });
                return null;
            });
        } catch (NoClusterLeaderException closed) {
            return Map.of();
        }
        return out;
    }
}
