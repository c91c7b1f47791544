package io.proconsul.core.store;

import io.proconsul.core.session.Session;
import java.util.List;
import java.util.Objects;

/**
 * Consul's {@code Session.Renew}: restarts the session's TTL timer on the leader. It goes through Raft like
 * every write so that whichever server leads next knows of the renewal, but changes no table and no index.
 * Completes with the session (a one-element list, as {@code /v1/session/renew} answers) or an empty list
 * when it does not exist, which the endpoint answers with 404.
 */
public record SessionRenew(String id) implements Command<List<Session>> {

    public SessionRenew {
        Objects.requireNonNull(id, "id");
    }
}
