package io.proconsul.cli.command.members;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Polls an assertion until it passes or a deadline ends, instead of sleeping a fixed time. */
public final class Eventually {

    /** An assertion that may throw. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private Eventually() {}

    public static void within(Duration timeout, Check check) throws Exception {
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
