package io.proconsul.http;

import java.time.Duration;

/** Polls an assertion until it passes or a deadline ends, instead of sleeping a fixed time. */
public final class Retry {

    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private Retry() {}

    /** Runs {@code check} until it passes or {@code timeout} ends; then its last failure is thrown. */
    public static void untilPasses(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }
    }
}
