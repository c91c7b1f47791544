package io.proconsul.serf.memberlist;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * The running {@link Suspicion} timers, one per suspect node: starts each at its maximum and reschedules
 * it each time a new confirmation shortens it. Confined to the gossip thread.
 */
final class SuspicionTimers {

    /** Called when a suspicion runs out; {@code stamp} identifies the suspicion episode. */
    interface Expiry {
        void expired(String node, long stamp, int confirmations);
    }

    private static final class Timer {
        final Suspicion suspicion;
        final long stamp;
        ScheduledFuture<?> future;

        Timer(Suspicion suspicion, long stamp) {
            this.suspicion = suspicion;
            this.stamp = stamp;
        }
    }

    private final MemberlistContext ctx;
    private final Expiry expiry;
    private final Map<String, Timer> timers = new HashMap<>();

    SuspicionTimers(MemberlistContext ctx, Expiry expiry) {
        this.ctx = ctx;
        this.expiry = expiry;
    }

    void start(String node, long stamp, String from, int k, Duration min, Duration max) {
        cancel(node);
        Timer t = new Timer(new Suspicion(from, k, min, max, ctx::nanoTime), stamp);
        timers.put(node, t);
        arm(node, t, max);
    }

    boolean running(String node) {
        return timers.containsKey(node);
    }

    /** Counts a confirmation; returns whether it was new (and so worth re-gossiping). */
    boolean confirm(String node, String from) {
        Timer t = timers.get(node);
        if (t == null || !t.suspicion.confirm(from)) {
            return false;
        }
        t.future.cancel(false);
        arm(node, t, t.suspicion.remaining());
        return true;
    }

    private void arm(String node, Timer t, Duration delay) {
        t.future = ctx.schedule(() -> {
            if (timers.get(node) == t) {
                timers.remove(node);
                expiry.expired(node, t.stamp, t.suspicion.confirmations());
            }
        }, delay.isNegative() ? Duration.ZERO : delay);
    }

    void cancel(String node) {
        Timer t = timers.remove(node);
        if (t != null && t.future != null) {
            t.future.cancel(false);
        }
    }

    void cancelAll() {
        timers.values().forEach(t -> t.future.cancel(false));
        timers.clear();
    }
}
