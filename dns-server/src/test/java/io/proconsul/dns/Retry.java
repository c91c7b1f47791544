package io.proconsul.dns;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Polls an assertion until it passes or a deadline ends, instead of sleeping a fixed time. */
final class Retry {

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private Retry() {}

    static void untilPasses(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(50_000_000L);
            }
        }
    }
}
