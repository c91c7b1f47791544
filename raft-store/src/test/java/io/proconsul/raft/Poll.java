package io.proconsul.raft;

import java.time.Duration;

/** Waits for a condition by polling with a deadline (never a bare sleep for synchronisation). */
public final class Poll {

    private Poll() {}

    public static void until(Duration timeout, Runnable assertion) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Retries {@code call} until it returns without throwing, or rethrows its last failure. */
    public static <T> T result(Duration timeout, java.util.concurrent.Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }
}
