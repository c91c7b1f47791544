package io.proconsul.cli.command.agent;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an idle client agent small: once the start-up burst is over (class loading, the JIT's first wave,
 * the join), a full collection, after which G1 shrinks the heap to the free ratios {@link HeapTuning} set,
 * and a {@linkplain NativeHeapTrim native heap trim}. After that, every {@link #EVERY}: a full collection if
 * no collection ran since the last look (the agent is idle), and a trim in any case, for what later JIT
 * work and traffic freed. Measured on an idle client (bench/client-rss.sh): the first collection gives back
 * about 14 MiB, the trims about 10 MiB.
 *
 * <p>This is G1's periodic collection done by hand, as {@code -XX:G1PeriodicGCInterval=60000
 * -XX:-G1PeriodicGCInvokesConcurrent} would do it, which cannot be set at run time. G1's concurrent
 * periodic cycle is worse for an idle agent: its pauses come close together, G1 reads that as a high
 * pause-time ratio and expands the heap (measured: 32 to 208 MiB committed, 92 s after start), and eden then
 * spreads over the new regions. A full collection of an idle agent's heap (about 13 MiB live) takes 15 to
 * 20 ms.
 *
 * <p>Two settle points ({@link #SETTLE_AT}) because the JIT keeps compiling for the first minute, while
 * the agent answers its first requests.
 *
 * <p>Whether a collection ran since the last look is told by a weak reference to an object nobody else
 * holds: any collection, young or full, clears it. The collectors' MXBeans would tell the same through the
 * platform MBeans, which cost a client agent about 170 classes (see {@link JvmCommands}).
 *
 * <p>One daemon thread for the life of the process, with a small stack; {@link #start} is for the
 * {@code agent} command only (process-wide effects).
 */
final class IdleReclaim implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IdleReclaim.class);

    /** After the agent started: a collection and a trim at each. */
    static final List<Duration> SETTLE_AT = List.of(Duration.ofSeconds(15), Duration.ofSeconds(45));
    /** Between checks after the last settle point. */
    static final Duration EVERY = Duration.ofSeconds(60);
    /** The thread only sleeps, collects and trims: far less than the default 1 MiB (8 MiB on some hosts). */
    private static final long STACK_BYTES = 256 * 1024;

    private final NativeHeapTrim trim;
    /** Cleared by the first collection after this thread's last look; only this thread reads or writes it. */
    private WeakReference<Object> sentinel = new WeakReference<>(new Object());

    private IdleReclaim(NativeHeapTrim trim) {
        this.trim = trim;
    }

    /**
     * Starts the reclaim thread; without {@code commands} (or a native trim among them) it still collects
     * at the settle points.
     */
    static void start(JvmCommands commands) {
        IdleReclaim reclaim = new IdleReclaim(commands == null ? null : NativeHeapTrim.open(commands).orElse(null));
        Thread t = new Thread(null, reclaim, "idle-reclaim", STACK_BYTES);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    @Override
    public void run() {
        long started = System.nanoTime();
        for (Duration at : SETTLE_AT) {
            sleepUntil(started + at.toNanos());
            collectAndTrim();
        }
        while (true) {
            sleepUntil(System.nanoTime() + EVERY.toNanos());
            if (!collectedSinceLastLook()) {
                collectAndTrim();
            } else {
                // Not idle: the collector runs anyway, and a full collection now would only add a pause.
                trimOnce();
            }
        }
    }

    private void collectAndTrim() {
        System.gc();
        collectedSinceLastLook();
        trimOnce();
    }

    /** Whether a collection ran since the previous call; starts a new look. */
    private boolean collectedSinceLastLook() {
        boolean collected = sentinel.get() == null;
        if (collected) {
            sentinel = new WeakReference<>(new Object());
        }
        return collected;
    }

    private void trimOnce() {
        if (trim != null) {
            trim.trim().ifPresent(report -> log.debug("{}", report));
        }
    }

    /** parkNanos may return early (spuriously or on unpark): park again until the deadline. */
    private static void sleepUntil(long deadlineNanos) {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
