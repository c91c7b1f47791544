package io.proconsul.serf.memberlist;

import java.time.Duration;

/**
 * Lifeguard's local health awareness (memberlist's {@code awareness}): a score from 0 (healthy) to
 * {@code max - 1}. Missed acks and nacks and having to refute suspicions raise it, successful probes lower
 * it; the probe interval and timeouts are multiplied by {@code score + 1}, so a member that is itself slow
 * (overloaded CPU, lossy network) probes more patiently instead of accusing healthy peers.
 *
 * <p>Thread-safe: the score is read by {@code stats()} from any thread.
 */
public final class Awareness {

    private final int max;
    private volatile int score;

    public Awareness(int max) {
        this.max = max;
    }

    /** Adds {@code delta} to the score, clamped to {@code [0, max - 1]}. */
    public synchronized void applyDelta(int delta) {
        score = Math.max(0, Math.min(max - 1, score + delta));
    }

    /** The current health score; 0 is healthy. */
    public int score() {
        return score;
    }

    /** {@code timeout * (score + 1)}. */
    public Duration scale(Duration timeout) {
        return timeout.multipliedBy(score + 1L);
    }
}
