package io.proconsul.serf;

import java.time.Duration;

/** Polls an assertion until it passes or a deadline passes (then rethrows its last failure). */
final class Eventually {

    interface Check {
        void run() throws Exception;
    }

    private Eventually() {}

    static void within(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    /** Checks that an assertion keeps passing for a whole observation window. */
    static void holdsFor(Duration window, Check check) throws Exception {
        long end = System.nanoTime() + window.toNanos();
        do {
            check.run();
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        } while (System.nanoTime() < end);
    }
}
