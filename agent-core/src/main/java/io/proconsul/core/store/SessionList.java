package io.proconsul.core.store;

import io.proconsul.core.session.Session;
import java.util.List;

/** {@code /v1/session/list}: every session, ordered by ID. Index and watch: the sessions table. */
public record SessionList() implements Query<List<Session>> {}
