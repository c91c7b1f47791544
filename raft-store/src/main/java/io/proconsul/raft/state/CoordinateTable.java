package io.proconsul.raft.state;

import io.proconsul.core.catalog.CoordinateEntry;
import io.proconsul.core.store.CoordinateBatchUpdate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Consul's {@code coordinates} table (agent/consul/state/coordinate.go): one LAN coordinate per node and
 * segment, in its own column family. Rows are {@code node NUL segment} (the node folded to lower case, as
 * the catalog folds it) → {@link CoordinateEntry} as JSON. Rows carry no indexes of their own; every
 * answer carries the table's index, which every batch update moves, and so does deleting a node that had a
 * coordinate (Consul's {@code deleteNodeTxn} removes the node's coordinates with it).
 *
 * <p>Threading: writes from the single apply thread inside the entry's {@link WriteTx}; reads from any
 * thread.
 */
public final class CoordinateTable {

    /** Consul's table name; also the column family name and what {@code TablesChanged} reports. */
    public static final String TABLE = Tables.COORDINATES;

    private final StateStore store;

    public CoordinateTable(StateStore store) {
        this.store = store;
    }

    /** Consul's {@code Coordinates}: every row, by node then segment; index: the table's. */
    public Indexed<List<CoordinateEntry>> coordinates() {
        return store.read(view -> new Indexed<>(scan(view, new byte[0]), TableIndex.get(view, TABLE)));
    }

    /** Consul's {@code Coordinate}: the rows of one node (one per segment); index: the table's. */
    public Indexed<List<CoordinateEntry>> coordinate(String node) {
        return store.read(view ->
                new Indexed<>(scan(view, CatalogRows.nodePrefix(node)), TableIndex.get(view, TABLE)));
    }

    /** Consul's {@code CoordinateBatchUpdate} at raft index {@code idx} in a batch of its own. */
    public void batchUpdate(long idx, List<CoordinateEntry> updates) {
        try (WriteTx tx = store.begin(0, idx)) {
            batchUpdateInBatch(tx, updates);
            store.commit(tx);
        }
    }

    /** Applies {@link CoordinateBatchUpdate} inside the entry's transaction; always {@code true}. */
    public Boolean apply(WriteTx tx, CoordinateBatchUpdate update) {
        batchUpdateInBatch(tx, update.updates());
        return true;
    }

    /**
     * Stores each coordinate whose node the catalog knows; the others are dropped silently, as Consul
     * drops them (a coordinate goes away only with its node). The index moves even when all were dropped.
     */
    static void batchUpdateInBatch(WriteTx tx, List<CoordinateEntry> updates) {
        for (CoordinateEntry u : updates) {
            if (CatalogReads.node(tx, u.node()) == null) {
                continue;
            }
            tx.put(tx.tables().coordinates(), key(u.node(), u.segment()), CatalogRows.encode(u));
        }
        TableIndex.set(tx, TABLE, tx.index());
    }

    /** Removes every coordinate of {@code node}; the table's index moves only if one existed. */
    static void deleteNodeInBatch(WriteTx tx, String node) {
        List<byte[]> keys = new ArrayList<>();
        tx.scan(tx.tables().coordinates(), CatalogRows.nodePrefix(node), (k, v) -> keys.add(k));
        if (keys.isEmpty()) {
            return;
        }
        keys.forEach(k -> tx.delete(tx.tables().coordinates(), k));
        TableIndex.set(tx, TABLE, tx.index());
    }

    private static List<CoordinateEntry> scan(ReadView view, byte[] prefix) {
        List<CoordinateEntry> out = new ArrayList<>();
        view.scan(view.tables().coordinates(), prefix,
                (k, v) -> out.add(CatalogRows.decode(v, CoordinateEntry.class)));
        return List.copyOf(out);
    }

    private static byte[] key(String node, String segment) {
        byte[] prefix = CatalogRows.nodePrefix(node);
        byte[] seg = segment.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[prefix.length + seg.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(seg, 0, key, prefix.length, seg.length);
        return key;
    }
}
