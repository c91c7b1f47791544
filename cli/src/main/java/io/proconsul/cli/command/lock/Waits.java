package io.proconsul.cli.command.lock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Go's {@code select} on a timer and a stop channel, for the lock's retry sleeps. */
final class Waits {

    private Waits() {}

    /** Sleeps {@code d} unless {@code stop} completes first; true when stopped. */
    static boolean sleepUnlessStopped(Duration d, CompletableFuture<Void> stop) {
        try {
            stop.get(d.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
