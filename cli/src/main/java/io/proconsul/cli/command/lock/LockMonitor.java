package io.proconsul.cli.command.lock;

import io.proconsul.cli.client.ConsulApiException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The holder's watch, Consul's {@code monitorLock}: a daemon thread repeats a blocking {@code ?consistent}
 * read while it still shows the hold and completes the returned future once it does not. A 500 ("No cluster
 * leader" during an election) is retried up to {@code retries} times, {@code retryTime} apart, before the hold
 * counts as lost; any other failure ends it at once, since the holder can no longer prove it holds.
 */
final class LockMonitor {

    /** One read: true while the hold stands. Reads and updates {@link #index()} to long-poll. */
    @FunctionalInterface
    interface Check {
        boolean stillHeld() throws ConsulApiException;
    }

    private final int retries;
    private final Duration retryTime;
    private volatile boolean stopped;
    private volatile long index;

    LockMonitor(int retries, Duration retryTime) {
        this.retries = retries;
        this.retryTime = retryTime;
    }

    long index() {
        return index;
    }

    void index(long i) {
        index = i;
    }

    /** Starts watching; the future completes when the hold is lost (never after {@link #stop}). */
    CompletableFuture<Void> watch(CompletableFuture<Void> shutdown, Check check) {
        stopped = false;
        index = 0;
        CompletableFuture<Void> lost = new CompletableFuture<>();
        Thread t = new Thread(() -> run(check, lost, shutdown), "lock-monitor");
        t.setDaemon(true);
        t.start();
        return lost;
    }

    private void run(Check check, CompletableFuture<Void> lost, CompletableFuture<Void> shutdown) {
        int left = retries;
        while (!stopped) {
            try {
                if (!check.stillHeld()) {
                    break;
                }
            } catch (ConsulApiException e) {
                if (left > 0 && e.statusCode() == 500 && !Waits.sleepUnlessStopped(retryTime, shutdown)) {
                    left--;
                    index = 0;
                    continue;
                }
                break;
            }
        }
        if (!stopped) {
            lost.complete(null);
        }
    }

    /** The holder released on purpose: the watch ends without reporting a loss. */
    void stop() {
        stopped = true;
    }
}
