package io.proconsul.raft;

import io.proconsul.core.store.SessionDestroy;
import io.proconsul.raft.state.SessionEffects;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session TTLs, as Consul's leader keeps them (agent/consul/session_ttl.go): a session with a TTL that is
 * neither renewed nor destroyed within {@code TTL x} {@link #MULTIPLIER} of its create or last renew is
 * destroyed by the leader, which submits a {@link SessionDestroy} (so its locks are released or deleted
 * and get their lock delay, as for any invalidation).
 *
 * <p>Every server records the TTL sessions as it applies creates, renews and invalidations
 * ({@link #applied}); only the leader arms timers. A server that becomes leader restarts every TTL
 * session's timer from that moment (Consul's initializeSessionTimers), reading the sessions from its state
 * ({@link #leadershipGained}), since it cannot know when the old leader last saw a renewal; one that loses
 * leadership stops them all.
 *
 * <p>No thread per session: one task per armed session on the shared scheduler, replaced on renew (the
 * scheduler should remove cancelled tasks). A destroy that fails is tried again after
 * {@link #RETRY_DELAY} while this server leads. Thread-safe: {@link #applied} runs on the apply thread,
 * the rest on the store's threads; all under this object's lock, which is held only briefly.
 */
final class SessionTimers {

    private static final Logger log = LoggerFactory.getLogger(SessionTimers.class);

    /** Consul's SessionTTLMultiplier: how much longer than its TTL a session lives without a renewal. */
    static final int MULTIPLIER = 2;
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final ScheduledExecutorService scheduler;
    private final Function<SessionDestroy, CompletableFuture<Boolean>> destroy;
    private final int multiplier;
    private final Map<String, Timer> sessions = new HashMap<>();
    private boolean leading;

    /** One TTL session; a renewal replaces it, so that a task of the old one knows it is stale. */
    private static final class Timer {
        final Duration ttl;
        ScheduledFuture<?> task;

        Timer(Duration ttl) {
            this.ttl = ttl;
        }
    }

    /**
     * @param destroy submits a destroy through Raft (the store's {@code apply})
     * @param multiplier {@link #MULTIPLIER}, or another for tests
     */
    SessionTimers(ScheduledExecutorService scheduler, Function<SessionDestroy, CompletableFuture<Boolean>> destroy,
            int multiplier) {
        this.scheduler = scheduler;
        this.destroy = destroy;
        this.multiplier = multiplier;
    }

    /** Apply thread: what one applied entry did to sessions. */
    synchronized void applied(SessionEffects effects) {
        for (String id : effects.ended()) {
            Timer t = sessions.remove(id);
            if (t != null && t.task != null) {
                t.task.cancel(false);
            }
        }
        effects.ttlStarted().forEach(this::start);
    }

    /**
     * This server now leads: every TTL session in {@code fromState} (ID to TTL, read from the local state)
     * gets a full timer from now. Sessions the state does not hold yet arrive through {@link #applied}.
     */
    synchronized void leadershipGained(Map<String, Duration> fromState) {
        leading = true;
        sessions.values().forEach(SessionTimers::cancel);
        sessions.clear();
        fromState.forEach(this::start);
        log.debug("sessions: leader now, {} TTL session timers started", sessions.size());
    }

    /**
     * The state was replaced by a snapshot: {@code fromState} is now every TTL session. A leader restarts
     * all their timers from now, as on taking over; a follower just records them.
     */
    synchronized void resync(Map<String, Duration> fromState) {
        sessions.values().forEach(SessionTimers::cancel);
        sessions.clear();
        fromState.forEach(this::start);
    }

    /** This server no longer leads: timers stop; the sessions stay known. */
    synchronized void leadershipLost() {
        leading = false;
        sessions.values().forEach(SessionTimers::cancel);
    }

    /** How many TTL sessions this server knows of. */
    synchronized int size() {
        return sessions.size();
    }

    private void start(String id, Duration ttl) {
        Timer previous = sessions.get(id);
        if (previous != null) {
            cancel(previous);
        }
        Timer t = new Timer(ttl);
        sessions.put(id, t);
        if (leading) {
            arm(id, t, ttl.multipliedBy(multiplier));
        }
    }

    private void arm(String id, Timer t, Duration after) {
        if (scheduler.isShutdown()) {
            return; // the store is closing (its scheduler would run the task at once)
        }
        try {
            t.task = scheduler.schedule(() -> expire(id, t), after.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            t.task = null; // the store is closing
        }
    }

    private void expire(String id, Timer t) {
        synchronized (this) {
            if (!leading || sessions.get(id) != t) {
                return;
            }
        }
        log.debug("sessions: session {} passed its TTL {} x{}, destroying it", id, t.ttl, multiplier);
        destroy.apply(new SessionDestroy(id)).whenComplete((ok, e) -> {
            if (e != null) {
                retry(id, t, e);
            }
        });
    }

    private synchronized void retry(String id, Timer t, Throwable e) {
        if (leading && sessions.get(id) == t) {
            log.warn("sessions: invalidating expired session {} failed, trying again: {}", id, e.getMessage());
            arm(id, t, RETRY_DELAY);
        }
    }

    private static void cancel(Timer t) {
        if (t.task != null) {
            t.task.cancel(false);
            t.task = null;
        }
    }
}
