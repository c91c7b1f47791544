package io.proconsul.core.store;

import io.proconsul.core.session.Session;
import java.util.Objects;

/**
 * Consul's {@code Session.Apply} create: stores {@code session} (whose ID was generated before the command
 * was built) and completes with its ID. The store refuses, with Consul's texts, a node that is not
 * registered ("Missing node registration"), a check that is not registered on it ("Missing check 'x'
 * registration") or is critical ("Check 'x' is in critical state"); those complete the future with
 * {@link IllegalArgumentException} carrying the text. TTL and behavior are validated before the command.
 */
public record SessionCreate(Session session) implements Command<String> {

    public SessionCreate {
        Objects.requireNonNull(session, "session");
    }
}
