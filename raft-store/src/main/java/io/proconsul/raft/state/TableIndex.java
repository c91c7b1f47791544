package io.proconsul.raft.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Each table's max index, kept in the meta column family as Consul keeps its {@code index} table: the
 * Raft index of the last write that touched the table.
 */
final class TableIndex {

    private TableIndex() {}

    static long get(ReadView view, String table) {
        byte[] raw = view.get(view.tables().meta(), rowKey(table));
        return raw == null ? 0 : ByteBuffer.wrap(raw).getLong();
    }

    /** The highest of the given tables' indexes, as Consul's {@code maxIndexTxn}. */
    static long max(ReadView view, String... tables) {
        long max = 0;
        for (String t : tables) {
            max = Math.max(max, get(view, t));
        }
        return max;
    }

    static void set(WriteTx tx, String table, long index) {
        tx.put(tx.tables().meta(), rowKey(table), ByteBuffer.allocate(8).putLong(index).array());
        tx.changedTable(table);
    }

    /**
     * A service's own index, Consul's {@code service.<name>} row (serviceIndexName): the last write to an
     * instance of the service, a check on one, or a node hosting one. 0 for a service never registered.
     */
    static long service(ReadView view, String service) {
        return get(view, serviceRow(service));
    }

    /** Moves a service's own index; its watchers wake, nobody else's. Not a table: no TablesChanged name. */
    static void setService(WriteTx tx, String service, long index) {
        tx.put(tx.tables().meta(), rowKey(serviceRow(service)), ByteBuffer.allocate(8).putLong(index).array());
        tx.changedService(CatalogRows.fold(service));
    }

    private static String serviceRow(String service) {
        return "service." + CatalogRows.fold(service);
    }

    private static byte[] rowKey(String table) {
        return ("index/" + table).getBytes(StandardCharsets.UTF_8);
    }
}
