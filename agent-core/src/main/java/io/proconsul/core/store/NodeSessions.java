package io.proconsul.core.store;

import io.proconsul.core.session.Session;
import java.util.List;
import java.util.Objects;

/**
 * {@code /v1/session/node/<node>}: the sessions of one node, ordered by ID. Index and watch: the sessions
 * table.
 */
public record NodeSessions(String node) implements Query<List<Session>> {

    public NodeSessions {
        Objects.requireNonNull(node, "node");
    }
}
