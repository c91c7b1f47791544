package io.proconsul.core.store;

import java.util.Objects;

/**
 * Consul's {@code Session.Apply} destroy: invalidates the session as its checks or TTL would (its locks are
 * released or deleted by its behavior and get the lock delay). Completes with {@code true}, also when the
 * session did not exist (Consul's destroy is idempotent).
 */
public record SessionDestroy(String id) implements Command<Boolean> {

    public SessionDestroy {
        Objects.requireNonNull(id, "id");
    }
}
