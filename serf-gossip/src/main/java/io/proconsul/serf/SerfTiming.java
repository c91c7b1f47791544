package io.proconsul.serf;

import java.time.Duration;
import java.util.Objects;

/**
 * The serf layer's timing (serf's {@code DefaultConfig}, with Consul's 72-hour reconnect timeout).
 * Immutable.
 *
 * @param reconnectInterval how often a random failed member is retried
 * @param reconnectTimeout how long a failed member is kept (and retried) before it is reaped
 * @param tombstoneTimeout how long a left member is kept before it is reaped
 * @param reapInterval how often reaping runs
 * @param broadcastTimeout how long a leave (or force-leave, or tag update) waits for its broadcast to go out
 * @param leavePropagateDelay how long a leaving member keeps answering probes after its broadcast went out
 * @param recentIntentTimeout how long an intent about a not-yet-known member is remembered
 * @param snapshotFlushInterval how often the snapshot's buffered records and clocks are written out
 */
public record SerfTiming(
        Duration reconnectInterval,
        Duration reconnectTimeout,
        Duration tombstoneTimeout,
        Duration reapInterval,
        Duration broadcastTimeout,
        Duration leavePropagateDelay,
        Duration recentIntentTimeout,
        Duration snapshotFlushInterval) {

    public SerfTiming {
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
        Objects.requireNonNull(reconnectTimeout, "reconnectTimeout");
        Objects.requireNonNull(tombstoneTimeout, "tombstoneTimeout");
        Objects.requireNonNull(reapInterval, "reapInterval");
        Objects.requireNonNull(broadcastTimeout, "broadcastTimeout");
        Objects.requireNonNull(leavePropagateDelay, "leavePropagateDelay");
        Objects.requireNonNull(recentIntentTimeout, "recentIntentTimeout");
        Objects.requireNonNull(snapshotFlushInterval, "snapshotFlushInterval");
    }

    /** What Consul runs with: serf's defaults and a 72-hour reconnect timeout. */
    public static SerfTiming consul() {
        return new SerfTiming(Duration.ofSeconds(30), Duration.ofHours(72), Duration.ofHours(24),
                Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofMillis(500));
    }

    public SerfTiming withReconnectTimeout(Duration d) {
        return new SerfTiming(reconnectInterval, d, tombstoneTimeout, reapInterval, broadcastTimeout,
                leavePropagateDelay, recentIntentTimeout, snapshotFlushInterval);
    }

    public SerfTiming withTombstoneTimeout(Duration d) {
        return new SerfTiming(reconnectInterval, reconnectTimeout, d, reapInterval, broadcastTimeout,
                leavePropagateDelay, recentIntentTimeout, snapshotFlushInterval);
    }

    /** Every duration multiplied by {@code factor}, for tests. */
    public SerfTiming scaled(double factor) {
        return new SerfTiming(scale(reconnectInterval, factor), scale(reconnectTimeout, factor),
                scale(tombstoneTimeout, factor), scale(reapInterval, factor), scale(broadcastTimeout, factor),
                scale(leavePropagateDelay, factor), scale(recentIntentTimeout, factor),
                scale(snapshotFlushInterval, factor));
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.max(1_000_000L, (long) (d.toNanos() * factor)));
    }
}
