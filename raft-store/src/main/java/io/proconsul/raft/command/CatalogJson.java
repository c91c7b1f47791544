package io.proconsul.raft.command;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON inside binary frames for catalog commands, queries and answers: the agent-core records with
 * their Consul wire names. Map entries are sorted so that one command always encodes to the same bytes;
 * unknown fields are skipped so that a newer writer's extra field does not stop an older reader.
 */
final class CatalogJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CatalogJson() {}

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws {@link IOException} for bytes that are not a {@code type}. */
    static <T> T read(byte[] raw, Class<T> type) throws IOException {
        return JSON.readValue(raw, type);
    }

    static <T> T read(byte[] raw, TypeReference<T> type) throws IOException {
        return JSON.readValue(raw, type);
    }
}
