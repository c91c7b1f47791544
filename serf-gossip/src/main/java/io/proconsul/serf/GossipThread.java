package io.proconsul.serf;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a {@link SerfPool} on which all of its state changes happen: memberlist's timers, serf's
 * periodic tasks and the work handed over from callers' threads. A failing task is logged, never swallowed
 * (a plain {@code execute} would lose the exception) and never stops the periodic ones. Owned by the pool,
 * which shuts it down on close.
 */
final class GossipThread {

    private static final Logger log = LoggerFactory.getLogger(GossipThread.class);

    private final ScheduledThreadPoolExecutor executor;

    GossipThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // Pending timers (probes, suspicions, push-pull) are moot once closed: do not wait for them.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    /** The executor itself, for memberlist and the user-event relay. */
    ScheduledExecutorService executor() {
        return executor;
    }

    /** Runs {@code task} on the thread, logging a failure. */
    void execute(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("serf: gossip thread task failed", e);
            }
        });
    }

    /** Runs {@code task} every {@code period}, the first time one period from now; a failure is logged. */
    void every(Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("serf: periodic task failed", e);
            }
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} once after {@code delay}. */
    void schedule(Runnable task, Duration delay) {
        executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops at once: a start-up failed before anything was queued that must run. */
    void shutdownNow() {
        executor.shutdownNow();
    }

    /** Runs what is queued (not the pending timers) and waits up to five seconds for it. */
    void shutdown() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
