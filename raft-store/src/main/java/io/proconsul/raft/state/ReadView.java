package io.proconsul.raft.state;

import org.rocksdb.ColumnFamilyHandle;

/**
 * A consistent view of the state: a point-in-time snapshot for queries, or the committed state plus the
 * pending batch for a write transaction (so a transaction reads its own writes, as Consul's memdb txn
 * does). Valid only during the call that handed it out.
 */
interface ReadView {

    /** The raw value of {@code key}, or {@code null}. */
    byte[] get(ColumnFamilyHandle cf, byte[] key);

    /** Visits entries whose key starts with {@code prefix}, in key order, while the visitor returns true. */
    void scan(ColumnFamilyHandle cf, byte[] prefix, Visitor visitor);

    Tables tables();

    @FunctionalInterface
    interface Visitor {
        boolean visit(byte[] key, byte[] value);
    }

    /** Whether {@code key} starts with {@code prefix}. */
    static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
