package io.proconsul.cli.command.lock;

import java.util.concurrent.CompletableFuture;

/**
 * A lock ({@code -n 1}) or a semaphore slot ({@code -n > 1}), Consul's {@code LockUnlock}: acquire, release,
 * clean up. Used from one thread at a time.
 */
interface Contender {

    /**
     * Blocks until held. Answers a future that completes when the hold is lost (session invalidated, key
     * taken, the agent unreachable past the monitor's retries), or {@code null} when {@code stop} completed
     * or the one-shot wait ran out first.
     */
    CompletableFuture<Void> acquire(CompletableFuture<Void> stop) throws LockException;

    /** Gives up the hold and destroys the session. */
    void release() throws LockException;

    /** Deletes the coordination key if nobody holds it; {@link LockException#inUse()} when someone does. */
    void cleanup() throws LockException;
}
