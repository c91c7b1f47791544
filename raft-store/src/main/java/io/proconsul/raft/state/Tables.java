package io.proconsul.raft.state;

import java.util.List;
import org.rocksdb.ColumnFamilyHandle;

/**
 * The column families of the state store, one per table plus the meta family. Handles are owned by
 * {@link StateStore}.
 */
record Tables(ColumnFamilyHandle kvs, ColumnFamilyHandle tombstones, ColumnFamilyHandle meta) {

    /** Consul's table names; also the column family names, in handle order. */
    static final String KVS = "kvs";
    static final String TOMBSTONES = "tombstones";
    static final String META = "meta";
    static final List<String> NAMES = List.of(KVS, TOMBSTONES, META);
}
