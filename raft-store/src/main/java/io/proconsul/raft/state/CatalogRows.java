package io.proconsul.raft.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Keys and values of the catalog's column families. Values are the model records as JSON (Consul's wire
 * names, map entries sorted so that every replica writes the same bytes). Keys fold names to lower case,
 * because Consul looks nodes, service IDs, check IDs and service names up case-insensitively; parts are
 * joined with a NUL byte, which no name contains, so that the prefix of node {@code web} does not also
 * cover node {@code web2}.
 *
 * <ul>
 *   <li>{@code nodes}: {@code node} → {@link Node}
 *   <li>{@code services}: {@code node NUL serviceID} → {@link NodeService}
 *   <li>{@code checks}: {@code node NUL checkID} → {@link HealthCheck}
 *   <li>{@code service-instances}: {@code serviceName NUL node NUL serviceID} → the {@code services} key
 * </ul>
 */
final class CatalogRows {

    private static final byte SEP = 0;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CatalogRows() {}

    /** How the catalog compares names: Consul's case-insensitive lookups. */
    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static byte[] nodeKey(String node) {
        return bytes(fold(node));
    }

    /** The prefix of every services or checks row of {@code node}. */
    static byte[] nodePrefix(String node) {
        return join(fold(node));
    }

    static byte[] serviceKey(String node, String serviceId) {
        return join(fold(node), fold(serviceId));
    }

    static byte[] checkKey(String node, String checkId) {
        return join(fold(node), fold(checkId));
    }

    static byte[] instanceKey(String service, String node, String serviceId) {
        return join(fold(service), fold(node), fold(serviceId));
    }

    /** The prefix of every instance of {@code service} in {@code service-instances}. */
    static byte[] instancePrefix(String service) {
        return join(fold(service));
    }

    static byte[] encode(Object row) {
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T decode(byte[] raw, Class<T> type) {
        try {
            return JSON.readValue(raw, type);
        } catch (IOException e) {
            throw new StateStoreException("undecodable " + type.getSimpleName() + " row", e);
        }
    }

    /** The parts, each followed by the separator (so a key of n parts is also a prefix of longer ones). */
    private static byte[] join(String... parts) {
        byte[][] encoded = new byte[parts.length][];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            encoded[i] = bytes(parts[i]);
            size += encoded[i].length + 1;
        }
        byte[] key = new byte[size];
        int at = 0;
        for (byte[] part : encoded) {
            System.arraycopy(part, 0, key, at, part.length);
            at += part.length;
            key[at++] = SEP;
        }
        return key;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
