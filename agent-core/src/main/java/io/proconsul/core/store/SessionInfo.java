package io.proconsul.core.store;

import io.proconsul.core.session.Session;
import java.util.List;
import java.util.Objects;

/**
 * {@code /v1/session/info/<id>}: the session as a list of zero or one element. Index and watch: the
 * sessions table.
 */
public record SessionInfo(String id) implements Query<List<Session>> {

    public SessionInfo {
        Objects.requireNonNull(id, "id");
    }
}
