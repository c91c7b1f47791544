package io.proconsul.raft.command;

import io.proconsul.core.catalog.CoordinateEntry;
import io.proconsul.core.store.CoordinateNode;
import io.proconsul.core.store.CoordinateNodes;
import io.proconsul.core.store.Query;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinate part of {@link QueryCodec} (Consul's Coordinate.ListNodes and Coordinate.Node): the query
 * type bytes, and the answers, a count followed by length-prefixed JSON {@link CoordinateEntry} elements
 * (what {@link QueryCodec} writes for any list of records). Stateless.
 */
final class CoordinateQueryCodec {

    static final byte COORDINATE_NODES = 12;
    static final byte COORDINATE_NODE = 13;

    private CoordinateQueryCodec() {}

    static boolean isCoordinate(Query<?> query) {
        return query instanceof CoordinateNodes || query instanceof CoordinateNode;
    }

    static void writeQuery(DataOutputStream out, Query<?> query) throws IOException {
        if (query instanceof CoordinateNode q) {
            out.writeByte(COORDINATE_NODE);
            QueryCodec.writeString(out, q.node());
        } else {
            out.writeByte(COORDINATE_NODES);
        }
    }

    /** The coordinate query of {@code type}, or {@code null} when {@code type} is not one. */
    static Query<?> readQuery(byte type, DataInputStream in) throws IOException {
        return switch (type) {
            case COORDINATE_NODES -> new CoordinateNodes();
            case COORDINATE_NODE -> new CoordinateNode(QueryCodec.readString(in));
            default -> null;
        };
    }

    static List<CoordinateEntry> readValue(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<CoordinateEntry> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] raw = QueryCodec.readBytes(in);
            if (raw == null) {
                throw new IOException("missing CoordinateEntry");
            }
            list.add(CatalogJson.read(raw, CoordinateEntry.class));
        }
        return List.copyOf(list);
    }
}
