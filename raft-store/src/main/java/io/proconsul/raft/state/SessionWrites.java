package io.proconsul.raft.state;

import io.proconsul.core.GoDuration;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.session.Session;
import io.proconsul.core.session.SessionBehavior;
import java.time.Duration;
import java.util.List;

/**
 * The session writes inside one {@link WriteTx}, Consul's agent/consul/state/session.go: create
 * (sessionCreateTxn), delete with invalidation of the held locks (deleteSessionTxn), and the invalidation
 * hooks the catalog calls (a check going critical or deregistered, a node deregistered), as Consul's
 * catalog.go does in the same transaction. Each stamps what it changes with {@code tx.index()}. Stateless;
 * runs on the apply thread.
 */
final class SessionWrites {

    /** Consul's ErrMissingSessionID. */
    static final String MISSING_SESSION_ID = "Missing session ID";
    /** Consul's structs.MaxLockDelay: a session's lock delay is capped at this when applied. */
    static final long MAX_LOCK_DELAY_NANOS = Duration.ofSeconds(60).toNanos();

    private SessionWrites() {}

    /**
     * Consul's sessionCreateTxn: the node must be registered, and every check the session names must be
     * registered on it and not critical. Throws {@link SessionOpException} with Consul's text otherwise.
     * Returns the session as stored (CreateIndex = ModifyIndex = this index).
     */
    static Session createInBatch(WriteTx tx, Session session) {
        if (session.id().isEmpty()) {
            throw new SessionOpException(MISSING_SESSION_ID);
        }
        if (SessionBehavior.fromWireName(session.behavior()).isEmpty()) {
            throw new SessionOpException("Invalid session behavior: " + session.behavior());
        }
        Duration ttl = ttl(session);
        if (CatalogReads.node(tx, session.node()) == null) {
            throw new SessionOpException(CatalogWrites.MISSING_NODE);
        }
        for (String checkId : SessionRows.checkIds(session)) {
            HealthCheck check = CatalogReads.check(tx, session.node(), checkId);
            if (check == null) {
                throw new SessionOpException(String.format("Missing check '%s' registration", checkId));
            }
            if (check.status().equals(HealthStatus.CRITICAL)) {
                throw new SessionOpException(String.format("Check '%s' is in %s state", checkId, check.status()));
            }
        }
        Session previous = find(tx, session.id());
        if (previous != null) {
            // Consul's endpoint always makes a fresh ID, so this does not happen; keep the indexes right if it does.
            deleteIndexRows(tx, previous);
        }
        Session stored = session.withIndexes(tx.index(), tx.index());
        tx.put(tx.tables().sessions(), SessionRows.sessionKey(stored.id()), SessionRows.encode(stored));
        tx.put(tx.tables().sessionNodes(), SessionRows.nodeKey(stored.node(), stored.id()), SessionRows.empty());
        for (String checkId : SessionRows.checkIds(stored)) {
            tx.put(tx.tables().sessionChecks(), SessionRows.checkKey(stored.node(), checkId, stored.id()),
                    SessionRows.empty());
        }
        TableIndex.set(tx, Tables.SESSIONS, tx.index());
        if (!ttl.isZero()) {
            tx.sessionEffects().ttlStarted(stored.id(), ttl);
        }
        return stored;
    }

    /** The session's TTL, zero for none; an unreadable one is refused as Consul's endpoint refuses it. */
    static Duration ttl(Session session) {
        if (session.ttl().isEmpty()) {
            return Duration.ZERO;
        }
        try {
            Duration ttl = GoDuration.parse(session.ttl());
            return ttl.isNegative() ? Duration.ZERO : ttl;
        } catch (IllegalArgumentException e) {
            throw new SessionOpException(String.format("Session TTL '%s' invalid: %s", session.ttl(), e.getMessage()));
        }
    }

    /**
     * Consul's deleteSessionTxn: deletes the session and invalidates its locks by its behavior (release:
     * the key stays with its Session cleared, ModifyIndex this index, LockIndex kept; delete: the key is
     * deleted), each key getting the session's lock delay. Deleting a session that does not exist does
     * nothing. Returns whether it existed.
     */
    static boolean deleteInBatch(WriteTx tx, String id) {
        Session session = find(tx, id);
        if (session == null) {
            return false;
        }
        tx.delete(tx.tables().sessions(), SessionRows.sessionKey(id));
        deleteIndexRows(tx, session);
        TableIndex.set(tx, Tables.SESSIONS, tx.index());
        long delay = Math.min(Math.max(session.lockDelayNanos(), 0), MAX_LOCK_DELAY_NANOS);
        boolean delete = SessionBehavior.DELETE.wireName().equals(session.behavior());
        for (String key : SessionRows.suffixes(tx, tx.tables().sessionKeys(), SessionRows.heldPrefix(id))) {
            KvEntry held = KvTable.find(tx, key);
            if (delete) {
                KvTable.deleteInBatch(tx, key);
            } else if (held != null) {
                KvTable.releaseInBatch(tx, held);
            }
            tx.delete(tx.tables().sessionKeys(), SessionRows.heldKey(id, key));
            if (delay > 0) {
                tx.sessionEffects().lockDelay(key, delay);
            }
        }
        tx.sessionEffects().ended(session.id());
        return true;
    }

    /** Consul's ensureCheckTxn and deleteCheckTxn: the sessions that depend on the check end. */
    static void invalidateForCheck(WriteTx tx, String node, String checkId) {
        for (String id : SessionRows.suffixes(tx, tx.tables().sessionChecks(), SessionRows.checkPrefix(node, checkId))) {
            deleteInBatch(tx, id);
        }
    }

    /** Consul's deleteNodeTxn: the node's sessions end with it. */
    static void invalidateForNode(WriteTx tx, String node) {
        for (String id : SessionRows.suffixes(tx, tx.tables().sessionNodes(), SessionRows.nodePrefix(node))) {
            deleteInBatch(tx, id);
        }
    }

    /**
     * Consul's Session.Renew as applied here: no table changes, but every server restarts the session's TTL
     * timer. Returns the session, or an empty list when it does not exist.
     */
    static List<Session> renewInBatch(WriteTx tx, String id) {
        Session session = find(tx, id);
        if (session == null) {
            return List.of();
        }
        Duration ttl = ttl(session);
        if (!ttl.isZero()) {
            tx.sessionEffects().ttlStarted(session.id(), ttl);
        }
        return List.of(session);
    }

    /** Keeps the {@code session-keys} index in step when a KV entry's holder changes from {@code from} to {@code to}. */
    static void holderChanged(WriteTx tx, String key, String from, String to) {
        if (from.equals(to)) {
            return;
        }
        if (!from.isEmpty()) {
            tx.delete(tx.tables().sessionKeys(), SessionRows.heldKey(from, key));
        }
        if (!to.isEmpty()) {
            tx.put(tx.tables().sessionKeys(), SessionRows.heldKey(to, key), SessionRows.empty());
        }
    }

    static Session find(ReadView view, String id) {
        byte[] raw = view.get(view.tables().sessions(), SessionRows.sessionKey(id));
        return raw == null ? null : SessionRows.decode(raw);
    }

    private static void deleteIndexRows(WriteTx tx, Session session) {
        tx.delete(tx.tables().sessionNodes(), SessionRows.nodeKey(session.node(), session.id()));
        for (String checkId : SessionRows.checkIds(session)) {
            tx.delete(tx.tables().sessionChecks(), SessionRows.checkKey(session.node(), checkId, session.id()));
        }
    }
}
