package io.proconsul.cli.command.lock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The long-poll waits of one acquisition, counted as Consul's api/lock.go and api/semaphore.go count them:
 * with a one-shot wait ({@code LockTryOnce} with {@code LockWaitTime}, {@code -timeout}) each read waits at
 * most what is left of it and the acquisition gives up once it has passed; without one each read waits
 * {@link ConsulLock#WAIT_TIME} and only a stop ends it. One instance per acquisition; not thread-safe.
 */
final class AcquireBudget {

    private final Duration oneShotWait;
    private final long start = System.nanoTime();
    private boolean first = true;

    /** @param oneShotWait zero for no limit */
    AcquireBudget(Duration oneShotWait) {
        this.oneShotWait = oneShotWait;
    }

    /**
     * The wait for the next read, or null when the acquisition should give up: {@code stop} completed, or
     * the one-shot wait has passed (checked from the second read on, so that one read is always made).
     */
    Duration next(CompletableFuture<Void> stop) {
        if (stop.isDone()) {
            return null;
        }
        if (oneShotWait.isZero()) {
            return ConsulLock.WAIT_TIME;
        }
        if (first) {
            first = false;
            return oneShotWait;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return elapsed.compareTo(oneShotWait) > 0 ? null : oneShotWait.minus(elapsed);
    }
}
