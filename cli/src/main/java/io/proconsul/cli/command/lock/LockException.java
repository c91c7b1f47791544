package io.proconsul.cli.command.lock;

/**
 * A lock or semaphore failure with the text of Consul's {@code api} package ({@code Lock in use},
 * {@code Existing key does not match lock use}, {@code failed to acquire lock: ...}); {@link #inUse()} marks
 * Consul's {@code ErrLockInUse}/{@code ErrSemaphoreInUse}, which cleanup treats as "someone else holds it".
 */
final class LockException extends Exception {

    private final boolean inUse;

    LockException(String message) {
        this(message, false);
    }

    LockException(String message, boolean inUse) {
        super(message, null, false, false);
        this.inUse = inUse;
    }

    boolean inUse() {
        return inUse;
    }
}
