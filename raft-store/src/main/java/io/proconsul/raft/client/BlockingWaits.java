package io.proconsul.raft.client;

import io.proconsul.raft.command.QueryCodec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The blocking queries a client agent is waiting on, and the one poll that wakes them. Servers answer
 * remote reads at once (Ratis's Netty transport cannot hold a request without stalling a server thread),
 * so the waiting happens here: while any query waits, a server's applied Raft index is asked for every
 * {@code interval} (one small request for all of them), and a query is read again once that index has
 * passed the one its last answer was read at. A write thus reaches its watchers within about one
 * interval of being applied, and an unchanged state costs one tiny request per interval, whatever the
 * number of waiting queries.
 *
 * <p>Holds no thread while waiting. Thread-safe.
 */
final class BlockingWaits {

    /** One waiting query. */
    interface Waiter {
        /** The applied index its last answer was read at: anything applied later may change it. */
        long seenIndex();

        /** Reads again; the waiter completes or calls {@link #add} again. */
        void reread();

        /** Its wait (plus jitter) is over: read once more and answer whatever that gives. */
        void expire();

        long deadlineNanos();
    }

    private final Supplier<CompletableFuture<QueryCodec.Status>> status;
    private final ScheduledExecutorService executor;
    private final Duration interval;
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean polling = new AtomicBoolean();
    private ScheduledFuture<?> task;

    BlockingWaits(Supplier<CompletableFuture<QueryCodec.Status>> status, ScheduledExecutorService executor,
            Duration interval) {
        this.status = status;
        this.executor = executor;
        this.interval = interval;
    }

    synchronized void add(Waiter w) {
        waiting.add(w);
        if (task == null) {
            task = executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    int size() {
        return waiting.size();
    }

    private void poll() {
        long now = System.nanoTime();
        for (Waiter w : List.copyOf(waiting)) {
            if (now - w.deadlineNanos() >= 0 && waiting.remove(w)) {
                w.expire();
            }
        }
        if (stopIfIdle() || !polling.compareAndSet(false, true)) {
            return;
        }
        status.get().whenComplete((s, e) -> {
            polling.set(false);
            if (e != null) {
                return;
            }
            for (Waiter w : List.copyOf(waiting)) {
                if (s.appliedIndex() > w.seenIndex() && waiting.remove(w)) {
                    w.reread();
                }
            }
        });
    }

    private synchronized boolean stopIfIdle() {
        if (waiting.isEmpty() && task != null) {
            task.cancel(false);
            task = null;
            return true;
        }
        return false;
    }
}
