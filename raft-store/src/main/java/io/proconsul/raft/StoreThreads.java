package io.proconsul.raft;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of a {@link RaftStore}: the executor ({@code raft-store-*}) on which callers' futures complete
 * and wake-ups run, the timer thread ({@code raft-store-timer-*}) shared by session TTLs, blocking-query
 * waits, retries and the tombstone reaper, and single-thread schedulers for background loops. Owned and
 * shut down by the store.
 */
final class StoreThreads {

    // Once closed, work still handed over (Ratis failing in-flight requests, a last commit or leader change,
    // a retry) runs at once on the handing thread, so that no caller's future is left pending; retries see
    // the server closed and fail.
    final ExecutorService executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), daemon("raft-store"), (task, pool) -> task.run());
    final ScheduledThreadPoolExecutor scheduler =
            new ScheduledThreadPoolExecutor(1, daemon("raft-store-timer"), (task, pool) -> task.run());

    StoreThreads() {
        // One task per TTL session may sit on the scheduler: renewals cancel tasks, which must not linger.
        scheduler.setRemoveOnCancelPolicy(true);
    }

    /** A scheduler of its own for a background loop; work handed to it after its shutdown is dropped. */
    static ScheduledThreadPoolExecutor background(String name) {
        return new ScheduledThreadPoolExecutor(1, daemon(name), new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Stops the timers at once; graceful for the executor: queued hand-offs still complete their futures. */
    void close() {
        scheduler.shutdownNow();
        executor.shutdown();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
