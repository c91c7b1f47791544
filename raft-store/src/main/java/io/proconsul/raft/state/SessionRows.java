package io.proconsul.raft.state;

import io.proconsul.core.session.ServiceCheck;
import io.proconsul.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keys and values of the session column families. Session IDs are UUIDs, which Consul looks up
 * case-insensitively, so keys fold them to lower case; node and check names fold as the catalog's do.
 * Parts are joined with a NUL byte (as in {@link CatalogRows}) so that one node's prefix does not cover a
 * longer name.
 *
 * <ul>
 *   <li>{@code sessions}: {@code id} → {@link Session} as JSON
 *   <li>{@code session-nodes}: {@code node NUL id} → empty
 *   <li>{@code session-checks}: {@code node NUL checkID NUL id} → empty
 *   <li>{@code session-keys}: {@code id NUL key} → empty (the keys a session holds)
 * </ul>
 */
final class SessionRows {

    private static final byte SEP = 0;
    private static final byte[] EMPTY = new byte[0];

    private SessionRows() {}

    static byte[] sessionKey(String id) {
        return bytes(id.toLowerCase(Locale.ROOT));
    }

    static byte[] nodeKey(String node, String id) {
        return concat(nodePrefix(node), sessionKey(id));
    }

    static byte[] nodePrefix(String node) {
        return concat(bytes(CatalogRows.fold(node)), new byte[] {SEP});
    }

    static byte[] checkKey(String node, String checkId, String id) {
        return concat(checkPrefix(node, checkId), sessionKey(id));
    }

    static byte[] checkPrefix(String node, String checkId) {
        return concat(nodePrefix(node), bytes(CatalogRows.fold(checkId)), new byte[] {SEP});
    }

    static byte[] heldKey(String id, String key) {
        return concat(heldPrefix(id), bytes(key));
    }

    static byte[] heldPrefix(String id) {
        return concat(sessionKey(id), new byte[] {SEP});
    }

    /** The part of an index row after {@code prefix}: the session ID or the held key. */
    static String suffix(byte[] row, byte[] prefix) {
        return new String(row, prefix.length, row.length - prefix.length, StandardCharsets.UTF_8);
    }

    static byte[] empty() {
        return EMPTY;
    }

    static byte[] encode(Session session) {
        return CatalogRows.encode(session);
    }

    static Session decode(byte[] raw) {
        return CatalogRows.decode(raw, Session.class);
    }

    /** Consul's {@code Session.CheckIDs}: the node checks, then the service checks, without repeats. */
    static Set<String> checkIds(Session session) {
        Set<String> ids = new LinkedHashSet<>(session.nodeChecks());
        for (ServiceCheck c : session.serviceChecksOrEmpty()) {
            ids.add(c.id());
        }
        return ids;
    }

    /** The suffixes of every row of {@code cf} under {@code prefix}, in key order. */
    static List<String> suffixes(ReadView view, org.rocksdb.ColumnFamilyHandle cf, byte[] prefix) {
        List<String> out = new ArrayList<>();
        view.scan(cf, prefix, (k, v) -> out.add(suffix(k, prefix)));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
