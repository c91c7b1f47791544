package io.proconsul.serf.memberlist;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Lifeguard's suspicion timer for one suspect node (memberlist's {@code suspicion}). The timeout starts at
 * {@code max} and shrinks towards {@code min} as independent members confirm the suspicion: after
 * {@code n} of the {@code k} wanted confirmations it is {@code max - log(n+1)/log(k+1) * (max - min)}, never
 * below {@code min}. A lone member with a bad link therefore waits long before declaring a peer dead, while
 * a real failure that many members see is declared quickly.
 *
 * <p>This class only computes; the owner schedules the timeout (and reschedules it after a successful
 * {@link #confirm}). Not thread-safe: used on the gossip thread only.
 */
public final class Suspicion {

    private final int k;
    private final Duration min;
    private final Duration max;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final Set<String> confirmations = new HashSet<>();
    private int n;

    /**
     * @param from the member that raised the suspicion; it does not count as a confirmation (our own
     *     suspicion may be gossiped back to us)
     */
    public Suspicion(String from, int k, Duration min, Duration max, LongSupplier nanoClock) {
        this.k = k;
        this.min = min;
        this.max = max;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        confirmations.add(from);
    }

    /**
     * Records that {@code from} also suspects the node. Returns whether it was new information (so the
     * suspicion should be re-gossiped): false for a repeat, or once {@code k} confirmations were seen.
     */
    public boolean confirm(String from) {
        if (n >= k || !confirmations.add(from)) {
            return false;
        }
        n++;
        return true;
    }

    /** Confirmations counted so far. */
    public int confirmations() {
        return n;
    }

    /** Time left before the node is declared dead; zero or negative means now. */
    public Duration remaining() {
        Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - startNanos);
        return remainingSuspicionTime(n, k, elapsed, min, max);
    }

    /** The whole timeout after {@code n} confirmations, minus what has {@code elapsed} already. */
    static Duration remainingSuspicionTime(int n, int k, Duration elapsed, Duration min, Duration max) {
        double frac = k <= 0 ? 0.0 : Math.log(n + 1.0) / Math.log(k + 1.0);
        double raw = max.toNanos() / 1e9 - frac * (max.toNanos() - min.toNanos()) / 1e9;
        Duration timeout = Duration.ofMillis((long) Math.floor(1000.0 * raw));
        if (timeout.compareTo(min) < 0) {
            timeout = min;
        }
        return timeout.minus(elapsed);
    }
}
