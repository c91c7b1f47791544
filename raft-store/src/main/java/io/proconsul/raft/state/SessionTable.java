package io.proconsul.raft.state;

import io.proconsul.core.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Consul's {@code sessions} table (agent/consul/state/session.go) with its indexes by node, by check and
 * of the keys each session holds, each its own column family. Every write takes the Raft index it is
 * applied at; it becomes the session's CreateIndex and ModifyIndex and the table index. Reads answer with
 * the table index, as Consul's SessionGet, SessionList and NodeSessions do, sessions ordered by ID.
 *
 * <p>Invalidation (deleting a session and releasing or deleting its keys) happens in the transaction of
 * whatever causes it: {@link #destroy}, or the catalog write that makes a check critical, deregisters it or
 * deregisters the node ({@link CatalogWrites} calls {@link SessionWrites}). Renewals change no table; they,
 * creates and invalidations are reported as {@link SessionEffects} for the servers' TTL timers and lock
 * delays.
 *
 * <p>Threading: writes from the single apply thread; reads from any thread.
 */
public final class SessionTable {

    private final StateStore store;

    public SessionTable(StateStore store) {
        this.store = store;
    }

    // ---- writes inside the entry's transaction ----

    /** Consul's SessionCreate; returns the ID. Throws {@link SessionOpException} with Consul's text if refused. */
    public String create(WriteTx tx, Session session) {
        return SessionWrites.createInBatch(tx, session).id();
    }

    /** Consul's SessionDestroy: invalidates the session if it exists; always true. */
    public Boolean destroy(WriteTx tx, String id) {
        SessionWrites.deleteInBatch(tx, id);
        return true;
    }

    /** Restarts the session's TTL timer on every server (no table changes); the session, or an empty list. */
    public List<Session> renew(WriteTx tx, String id) {
        return SessionWrites.renewInBatch(tx, id);
    }

    // ---- single-operation writes, each its own batch at raft index idx (tests, tools) ----

    public String sessionCreate(long idx, Session session) {
        return write(idx, tx -> create(tx, session));
    }

    public void sessionDestroy(long idx, String id) {
        write(idx, tx -> destroy(tx, id));
    }

    // ---- reads ----

    /** The session as a list of zero or one; index: the sessions table's. */
    public Indexed<List<Session>> info(String id) {
        return store.read(view -> info(view, id));
    }

    /** Every session, ordered by ID; index: the sessions table's. */
    public Indexed<List<Session>> list() {
        return store.read(SessionTable::list);
    }

    /** The sessions of {@code node}, ordered by ID; index: the sessions table's. */
    public Indexed<List<Session>> nodeSessions(String node) {
        return store.read(view -> nodeSessions(view, node));
    }

    /** Visits every session's ID and TTL text, for the leader's TTL timers. */
    public void forEach(BiConsumer<String, String> idAndTtl) {
        store.read(view -> {
            view.scan(view.tables().sessions(), new byte[0], (k, v) -> {
                Session s = SessionRows.decode(v);
                idAndTtl.accept(s.id(), s.ttl());
                return true;
            });
            return null;
        });
    }

    static Indexed<List<Session>> info(ReadView view, String id) {
        Session s = SessionWrites.find(view, id);
        return new Indexed<>(s == null ? List.of() : List.of(s), maxIndex(view));
    }

    static Indexed<List<Session>> list(ReadView view) {
        List<Session> out = new ArrayList<>();
        view.scan(view.tables().sessions(), new byte[0], (k, v) -> out.add(SessionRows.decode(v)));
        return new Indexed<>(List.copyOf(out), maxIndex(view));
    }

    static Indexed<List<Session>> nodeSessions(ReadView view, String node) {
        List<Session> out = new ArrayList<>();
        for (String id : SessionRows.suffixes(view, view.tables().sessionNodes(), SessionRows.nodePrefix(node))) {
            Session s = SessionWrites.find(view, id);
            if (s != null) {
                out.add(s);
            }
        }
        return new Indexed<>(List.copyOf(out), maxIndex(view));
    }

    /** Consul's sessionMaxIndex. */
    static long maxIndex(ReadView view) {
        return TableIndex.get(view, Tables.SESSIONS);
    }

    private <T> T write(long idx, Function<WriteTx, T> op) {
        try (WriteTx tx = store.begin(0, idx)) {
            T result = op.apply(tx);
            store.commit(tx);
            return result;
        }
    }
}
