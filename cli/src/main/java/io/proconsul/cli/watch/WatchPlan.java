package io.proconsul.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one watch: Consul's {@code Plan.Run} loop ({@code api/watch/plan.go}). It repeats the blocking query,
 * resuming from the last index, and calls the handler when the index moved and the result differs from the
 * last one handed on (the first result is always handed on).
 *
 * <p>On a failed query (agent down, HTTP error) it forgets the index, logs, and retries after Consul's
 * backoff: 5 s times the square of the consecutive failures, at most 180 s; so it never spins while the
 * agent is away, and it reconnects when the agent is back. As in Consul, the first answer after a failure
 * is handed on even when nothing changed (the index was forgotten): handlers must be idempotent. A Raft
 * index that went backwards (a restored snapshot) starts over from 0, and an index below 1 is raised to 1, as
 * Consul's blocking-query rules ask, so that a missing index never turns into a busy loop.
 *
 * <p>Threading: {@link #run()} blocks the calling thread until {@link #stop()}; the handler runs on that
 * thread and may call {@link #stop()} itself. {@link #stop()} is thread-safe and interrupts a query or a
 * backoff wait in progress.
 */
public final class WatchPlan {

    /** Consul's {@code retryInterval}. */
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    /** Consul's {@code maxBackoffTime}. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(180);

    /** Receives each new result. */
    public interface Handler {
        void handle(long index, JsonNode result);
    }

    /** Told about each failed query and the wait before the next try. */
    public interface ErrorLog {
        void watchErrored(String type, String error, Duration retry);
    }

    private final String type;
    private final WatchQuery query;
    private final ConsulHttpClient client;
    private final Handler handler;
    private final ErrorLog errors;
    private final Duration retryInterval;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread runner;

    /**
     * @param retryInterval the backoff base; Consul's is {@link #RETRY_INTERVAL}, tests pass less
     */
    public WatchPlan(String type, WatchQuery query, ConsulHttpClient client, Handler handler, ErrorLog errors,
            Duration retryInterval) {
        this.type = type;
        this.query = Objects.requireNonNull(query);
        this.client = client;
        this.handler = handler;
        this.errors = errors;
        this.retryInterval = retryInterval;
    }

    /** Queries and hands on results until stopped. */
    public void run() {
        runner = Thread.currentThread();
        int failures = 0;
        Long lastIndex = null;
        JsonNode lastResult = null;
        while (!isStopped()) {
            WatchQuery.Result result;
            try {
                result = query.fetch(client, lastIndex == null ? 0 : lastIndex);
            } catch (ConsulApiException e) {
                if (isStopped()) {
                    break;
                }
                failures++;
                lastIndex = null;
                Duration retry = backoff(retryInterval, failures);
                errors.watchErrored(type, e.getMessage(), retry);
                if (awaitStop(retry)) {
                    break;
                }
                continue;
            }
            if (isStopped()) {
                break;
            }
            failures = 0;
            if (lastIndex != null && lastIndex == result.index()) {
                continue;
            }
            Long previous = lastIndex;
            lastIndex = next(result.index(), previous, query.shape() != WatchQuery.Shape.EVENTS);
            if (previous != null && Objects.equals(lastResult, result.value())) {
                continue;
            }
            lastResult = result.value();
            handler.handle(result.index(), result.value());
        }
        runner = null;
    }

    /** Stops the loop: a blocked query or backoff wait ends at once; a running handler is not interrupted. */
    public void stop() {
        stopped.countDown();
        Thread t = runner;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Consul's backoff: {@code base * failures²}, capped at {@link #MAX_BACKOFF}. */
    public static Duration backoff(Duration base, int failures) {
        Duration retry = base.multipliedBy((long) failures * failures);
        return retry.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : retry;
    }

    /**
     * The index for the next query: never below 1, and 0 after a Raft index went backwards. An event list's
     * index is its last event's ID folded to 64 bits, in no order, so {@code monotonic} is false for it.
     */
    public static long next(long index, Long previous, boolean monotonic) {
        if (monotonic && previous != null && Long.compareUnsigned(index, previous) < 0) {
            return 0;
        }
        return index == 0 ? 1 : index;
    }

    private boolean awaitStop(Duration wait) {
        try {
            return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return isStopped();
        }
    }
}
