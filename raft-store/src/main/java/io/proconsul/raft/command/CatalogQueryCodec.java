package io.proconsul.raft.command;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.CatalogServices;
import io.proconsul.core.store.ChecksInState;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.ServiceChecks;
import io.proconsul.core.store.ServiceNodes;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog part of {@link QueryCodec}: the query type bytes with their one string argument, and the
 * answers, whose records travel as length-prefixed JSON inside the frame {@link QueryCodec} writes for
 * every answer (a present-flag for an {@code Optional}, a count for a list). Stateless.
 */
final class CatalogQueryCodec {

    static final byte CATALOG_NODES = 5;
    static final byte CATALOG_SERVICES = 6;
    static final byte SERVICE_NODES = 7;
    static final byte NODE_INFO = 8;
    static final byte NODE_CHECKS = 9;
    static final byte SERVICE_CHECKS = 10;
    static final byte CHECKS_IN_STATE = 11;

    private CatalogQueryCodec() {}

    static boolean isCatalog(Query<?> query) {
        return query instanceof CatalogNodes || query instanceof CatalogServices || query instanceof ServiceNodes
                || query instanceof NodeInfo || query instanceof NodeChecks || query instanceof ServiceChecks
                || query instanceof ChecksInState;
    }

    static void writeQuery(DataOutputStream out, Query<?> query) throws IOException {
        if (query instanceof CatalogNodes) {
            out.writeByte(CATALOG_NODES);
        } else if (query instanceof CatalogServices) {
            out.writeByte(CATALOG_SERVICES);
        } else if (query instanceof ServiceNodes q) {
            typeAndArgument(out, SERVICE_NODES, q.service());
        } else if (query instanceof NodeInfo q) {
            typeAndArgument(out, NODE_INFO, q.node());
        } else if (query instanceof NodeChecks q) {
            typeAndArgument(out, NODE_CHECKS, q.node());
        } else if (query instanceof ServiceChecks q) {
            typeAndArgument(out, SERVICE_CHECKS, q.service());
        } else {
            typeAndArgument(out, CHECKS_IN_STATE, ((ChecksInState) query).state());
        }
    }

    /** The catalog query of {@code type}, or {@code null} when {@code type} is not a catalog query. */
    static Query<?> readQuery(byte type, DataInputStream in) throws IOException {
        return switch (type) {
            case CATALOG_NODES -> new CatalogNodes();
            case CATALOG_SERVICES -> new CatalogServices();
            case SERVICE_NODES -> new ServiceNodes(QueryCodec.readString(in));
            case NODE_INFO -> new NodeInfo(QueryCodec.readString(in));
            case NODE_CHECKS -> new NodeChecks(QueryCodec.readString(in));
            case SERVICE_CHECKS -> new ServiceChecks(QueryCodec.readString(in));
            case CHECKS_IN_STATE -> new ChecksInState(QueryCodec.readString(in));
            default -> null;
        };
    }

    static Object readValue(Query<?> query, DataInputStream in) throws IOException {
        if (query instanceof NodeInfo) {
            return in.readBoolean() ? Optional.of(read(in, NodeServices.class)) : Optional.empty();
        }
        if (query instanceof CatalogServices) {
            Map<String, List<String>> services = CatalogJson.read(QueryCodec.readBytes(in),
                    new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, List<String>>>() {});
            return services;
        }
        Class<?> element = query instanceof CatalogNodes ? Node.class
                : query instanceof ServiceNodes ? ServiceEntry.class : HealthCheck.class;
        int n = in.readInt();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(read(in, element));
        }
        return List.copyOf(list);
    }

    private static void typeAndArgument(DataOutputStream out, byte type, String argument) throws IOException {
        out.writeByte(type);
        QueryCodec.writeString(out, argument);
    }

    static void json(DataOutputStream out, Object value) throws IOException {
        QueryCodec.writeBytes(out, CatalogJson.write(value));
    }

    private static <T> T read(DataInputStream in, Class<T> type) throws IOException {
        byte[] raw = QueryCodec.readBytes(in);
        if (raw == null) {
            throw new IOException("missing " + type.getSimpleName());
        }
        return CatalogJson.read(raw, type);
    }
}
