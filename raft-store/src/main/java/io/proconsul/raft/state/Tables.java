package io.proconsul.raft.state;

import java.util.List;
import org.rocksdb.ColumnFamilyHandle;

/**
 * The column families of the state store, one per table plus the meta family and the catalog's
 * secondary index. Handles are owned by {@link StateStore}.
 *
 * @param serviceInstances the catalog's index of service instances by service name (Consul's
 *     {@code services} table {@code service} index): keys only, the rows live in {@code services}
 * @param sessions Consul's {@code sessions} table: session ID to session
 * @param sessionNodes the sessions by node (Consul's {@code node} index of {@code sessions}): keys only
 * @param sessionChecks the sessions by the check they depend on (Consul's {@code session_checks} table):
 *     keys only
 * @param sessionKeys the KV keys each session holds (Consul's {@code session} index of {@code kvs}): keys
 *     only
 */
record Tables(
        ColumnFamilyHandle kvs,
        ColumnFamilyHandle tombstones,
        ColumnFamilyHandle meta,
        ColumnFamilyHandle nodes,
        ColumnFamilyHandle services,
        ColumnFamilyHandle checks,
        ColumnFamilyHandle serviceInstances,
        ColumnFamilyHandle coordinates,
        ColumnFamilyHandle sessions,
        ColumnFamilyHandle sessionNodes,
        ColumnFamilyHandle sessionChecks,
        ColumnFamilyHandle sessionKeys) {

    /** Consul's table names; also the column family names. */
    static final String KVS = "kvs";
    static final String TOMBSTONES = "tombstones";
    static final String META = "meta";
    static final String NODES = "nodes";
    static final String SERVICES = "services";
    static final String CHECKS = "checks";
    static final String SERVICE_INSTANCES = "service-instances";
    static final String COORDINATES = "coordinates";
    static final String SESSIONS = "sessions";
    static final String SESSION_NODES = "session-nodes";
    static final String SESSION_CHECKS = "session-checks";
    static final String SESSION_KEYS = "session-keys";

    /**
     * The column families in handle order. New families go at the end: a database written before they
     * existed opens with them created empty (RocksDB's create-missing-column-families).
     */
    static final List<String> NAMES = List.of(KVS, TOMBSTONES, META, NODES, SERVICES, CHECKS, SERVICE_INSTANCES,
            COORDINATES, SESSIONS, SESSION_NODES, SESSION_CHECKS, SESSION_KEYS);

    /** The handles in {@link #NAMES} order. */
    static Tables of(List<ColumnFamilyHandle> h) {
        return new Tables(h.get(0), h.get(1), h.get(2), h.get(3), h.get(4), h.get(5), h.get(6), h.get(7), h.get(8),
                h.get(9), h.get(10), h.get(11));
    }
}
