package io.proconsul.raft.command;

import io.proconsul.core.session.Session;
import io.proconsul.core.store.NodeSessions;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.SessionInfo;
import io.proconsul.core.store.SessionList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The session part of {@link QueryCodec} (Consul's Session.Get, Session.List and Session.NodeSessions): the
 * query type bytes, and the answers, a count followed by length-prefixed JSON {@link Session} elements
 * (what {@link QueryCodec} writes for any list of records). Stateless.
 */
final class SessionQueryCodec {

    static final byte SESSION_INFO = 14;
    static final byte SESSION_LIST = 15;
    static final byte NODE_SESSIONS = 16;

    private SessionQueryCodec() {}

    static boolean isSession(Query<?> query) {
        return query instanceof SessionInfo || query instanceof SessionList || query instanceof NodeSessions;
    }

    static void writeQuery(DataOutputStream out, Query<?> query) throws IOException {
        if (query instanceof SessionInfo q) {
            out.writeByte(SESSION_INFO);
            QueryCodec.writeString(out, q.id());
        } else if (query instanceof NodeSessions q) {
            out.writeByte(NODE_SESSIONS);
            QueryCodec.writeString(out, q.node());
        } else {
            out.writeByte(SESSION_LIST);
        }
    }

    /** The session query of {@code type}, or {@code null} when {@code type} is not one. */
    static Query<?> readQuery(byte type, DataInputStream in) throws IOException {
        return switch (type) {
            case SESSION_INFO -> new SessionInfo(QueryCodec.readString(in));
            case SESSION_LIST -> new SessionList();
            case NODE_SESSIONS -> new NodeSessions(QueryCodec.readString(in));
            default -> null;
        };
    }

    static List<Session> readValue(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Session> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] raw = QueryCodec.readBytes(in);
            if (raw == null) {
                throw new IOException("missing Session");
            }
            list.add(CatalogJson.read(raw, Session.class));
        }
        return List.copyOf(list);
    }
}
