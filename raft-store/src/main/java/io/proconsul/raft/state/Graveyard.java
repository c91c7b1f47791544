package io.proconsul.raft.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Tombstones of deleted keys (Consul's graveyard): a deleted key or deleted prefix remembers the index
 * of its deletion, so that the index of a prefix listing never goes backwards after a delete, which
 * would make a blocking client miss the change. Tombstones are reaped after Consul's tombstone TTL.
 */
final class Graveyard {

    private Graveyard() {}

    static void insert(WriteTx tx, String key, long index) {
        tx.put(tx.tables().tombstones(), KvEntryCodec.key(key), ByteBuffer.allocate(8).putLong(index).array());
        TableIndex.set(tx, Tables.TOMBSTONES, index);
    }

    /** The highest index of a tombstone whose key starts with {@code prefix}; 0 if none. */
    static long maxIndex(ReadView view, String prefix) {
        long[] max = {0};
        view.scan(view.tables().tombstones(), KvEntryCodec.key(prefix), (k, v) -> {
            max[0] = Math.max(max[0], ByteBuffer.wrap(v).getLong());
            return true;
        });
        return max[0];
    }

    /** Deletes every tombstone at or below {@code index}; returns how many. */
    static int reap(WriteTx tx, long index) {
        List<byte[]> dead = new ArrayList<>();
        tx.scan(tx.tables().tombstones(), new byte[0], (k, v) -> {
            if (ByteBuffer.wrap(v).getLong() <= index) {
                dead.add(k);
            }
            return true;
        });
        dead.forEach(k -> tx.delete(tx.tables().tombstones(), k));
        return dead.size();
    }
}
