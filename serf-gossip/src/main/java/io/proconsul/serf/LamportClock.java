package io.proconsul.serf;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A Lamport clock (serf's {@code LamportClock}): orders intents and events across members without
 * synchronised wall clocks. Thread-safe and lock-free.
 */
public final class LamportClock {

    private final AtomicLong counter = new AtomicLong();

    /** The current time. */
    public long time() {
        return counter.get();
    }

    /** Advances the clock and returns the new time. */
    public long increment() {
        return counter.incrementAndGet();
    }

    /** Moves the clock past a time seen in a message, if it is behind: afterwards {@code time() > v}. */
    public void witness(long v) {
        long cur;
        do {
            cur = counter.get();
            if (v < cur) {
                return;
            }
        } while (!counter.compareAndSet(cur, v + 1));
    }
}
