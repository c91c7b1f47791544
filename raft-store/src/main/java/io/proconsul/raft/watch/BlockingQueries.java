package io.proconsul.raft.watch;

import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.raft.state.Indexed;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Consul's blocking query loop (agent/consul/rpc.go blockingQuery) without a thread per waiter: register
 * a watch, read, and if the answer's index has not passed {@code minIndex} wait for the watch to fire or
 * the wait to end, then read again. The wait is {@code maxWait} plus Consul's jitter, a random amount up
 * to 1/16 of it, so that many clients woken together do not return together.
 *
 * <p>Reads run on the executor, timeouts on the shared scheduler. {@link #close()} fails the queries
 * still waiting with {@link NoClusterLeaderException}, as a server that goes away does. Thread-safe.
 */
public final class BlockingQueries {

    /** Consul's JitterFraction: the jitter is at most wait / 16. */
    static final int JITTER_FRACTION = 16;

    private final ScheduledExecutorService scheduler;
    private final Executor executor;
    private final Set<CompletableFuture<?>> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile long abandoned;

    public BlockingQueries(ScheduledExecutorService scheduler, Executor executor) {
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /**
     * Completes with the first read whose index is above {@code minIndex}, or with a fresh read once the
     * wait (plus jitter) has passed. A read that throws fails the query.
     *
     * @param read reads the answer and its index; called on the executor
     * @param watch registers a watch on what the read covers
     */
    public <T> CompletableFuture<Indexed<T>> run(
            Supplier<Indexed<T>> read, Supplier<KeyWatches.Watch> watch, long minIndex, Duration maxWait) {
        CompletableFuture<Indexed<T>> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new NoClusterLeaderException());
            return result;
        }
        active.add(result);
        result.whenComplete((r, e) -> active.remove(result));
        long waitNanos = maxWait.toNanos();
        waitNanos += ThreadLocalRandom.current().nextLong(waitNanos / JITTER_FRACTION + 1);
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> executor.execute(() -> completeWith(result, read)), waitNanos, TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));
        long generation = abandoned;
        executor.execute(() -> attempt(result, read, watch, minIndex, generation));
        return result;
    }

    /**
     * The whole state was replaced (a snapshot restore or install): Consul's abandoned state store. Every
     * query waiting now answers with its next read even if its index went backwards, as Consul's
     * blockingQuery returns once the store's AbandonCh closes. Apply thread, before the watches fire.
     */
    public void abandon() {
        abandoned++;
    }

    /** Fails every query still waiting: the store is shutting down and nothing will wake them. */
    public void close() {
        closed = true;
        for (CompletableFuture<?> f : active) {
            f.completeExceptionally(new NoClusterLeaderException());
        }
    }

    private <T> void attempt(CompletableFuture<Indexed<T>> result, Supplier<Indexed<T>> read,
            Supplier<KeyWatches.Watch> watch, long minIndex, long generation) {
        if (result.isDone()) {
            return;
        }
        // Watch before reading, so a write landing between the read and the registration is not missed.
        KeyWatches.Watch w = watch.get();
        Indexed<T> answer;
        try {
            answer = read.get();
        } catch (RuntimeException e) {
            w.cancel();
            result.completeExceptionally(e);
            return;
        }
        if (answer.index() > minIndex || abandoned != generation) {
            w.cancel();
            result.complete(answer);
            return;
        }
        result.whenComplete((r, e) -> w.cancel());
        w.fired().thenRun(() -> attempt(result, read, watch, minIndex, generation));
    }

    private static <T> void completeWith(CompletableFuture<Indexed<T>> result, Supplier<Indexed<T>> read) {
        if (result.isDone()) {
            return;
        }
        try {
            result.complete(read.get());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
