package io.proconsul.cli.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.core.model.KvEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code /v1/kv} calls of Consul's Go {@code api.KV}, with its semantics: a 404 on a read is "no such
 * key" (an empty result, not an error), writes answer {@code true}/{@code false} for CAS and lock
 * operations, and a write to a key that starts with {@code /} is refused before any request, as in Consul.
 *
 * <p>Thread-safe when the underlying client is.
 */
public final class KvClient {

    private static final TypeReference<List<KvEntry>> ENTRIES = new TypeReference<>() {};
    private static final TypeReference<List<String>> KEYS = new TypeReference<>() {};

    private final ConsulHttpClient http;

    public KvClient(ConsulHttpClient http) {
        this.http = http;
    }

    /** The entry at {@code key}, or empty when there is none. */
    public Optional<KvEntry> get(String key) throws ConsulApiException {
        List<KvEntry> entries = read(key, Map.of(), ENTRIES);
        return entries == null || entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
    }

    /** All entries whose key starts with {@code prefix}, in key order; empty when there are none. */
    public List<KvEntry> list(String prefix) throws ConsulApiException {
        List<KvEntry> entries = read(prefix, Map.of("recurse", ""), ENTRIES);
        return entries == null ? List.of() : entries;
    }

    /** Keys under {@code prefix}, rolled up at {@code separator} unless it is empty ({@code ?keys&separator}). */
    public List<String> keys(String prefix, String separator) throws ConsulApiException {
        Map<String, String> params = new TreeMap<>(Map.of("keys", ""));
        if (!separator.isEmpty()) {
            params.put("separator", separator);
        }
        List<String> keys = read(prefix, params, KEYS);
        return keys == null ? List.of() : keys;
    }

    /** Writes a value; {@code flags} is sent only when non-zero, as Consul's client does. */
    public boolean put(String key, byte[] value, long flags) throws ConsulApiException {
        return write(key, value, withFlags(flags));
    }

    /** Check-and-set: writes only if the key's ModifyIndex is {@code modifyIndex} (0: only if absent). */
    public boolean cas(String key, byte[] value, long flags, long modifyIndex) throws ConsulApiException {
        Map<String, String> params = withFlags(flags);
        params.put("cas", Long.toUnsignedString(modifyIndex));
        return write(key, value, params);
    }

    /** Writes and locks the key for {@code session}; false when another session holds it. */
    public boolean acquire(String key, byte[] value, long flags, String session) throws ConsulApiException {
        Map<String, String> params = withFlags(flags);
        params.put("acquire", session);
        return write(key, value, params);
    }

    /** Writes and unlocks the key; false when {@code session} does not hold it. */
    public boolean release(String key, byte[] value, long flags, String session) throws ConsulApiException {
        Map<String, String> params = withFlags(flags);
        params.put("release", session);
        return write(key, value, params);
    }

    /** Deletes one key; deleting a missing key succeeds. */
    public void delete(String key) throws ConsulApiException {
        remove(key, Map.of());
    }

    /** Deletes the key only if its ModifyIndex is {@code modifyIndex}. */
    public boolean deleteCas(String key, long modifyIndex) throws ConsulApiException {
        return remove(key, Map.of("cas", Long.toUnsignedString(modifyIndex)));
    }

    /** Deletes every key that starts with {@code prefix}. */
    public void deleteTree(String prefix) throws ConsulApiException {
        remove(prefix, Map.of("recurse", ""));
    }

    private <T> T read(String key, Map<String, String> params, TypeReference<T> type) throws ConsulApiException {
        ConsulHttpClient.Response resp = http.get("/v1/kv/" + key, params);
        if (resp.status() == 404) {
            return null;
        }
        if (resp.status() != 200) {
            throw ConsulApiException.unexpectedStatus(resp.status(), resp.text());
        }
        try {
            return http.json().readValue(resp.body(), type);
        } catch (IOException e) {
            throw new ConsulApiException("Failed to decode the agent's answer: " + e.getMessage());
        }
    }

    private boolean write(String key, byte[] value, Map<String, String> params) throws ConsulApiException {
        if (key.startsWith("/")) {
            throw new ConsulApiException("Invalid key. Key must not begin with a '/': " + key);
        }
        return answer(http.put("/v1/kv/" + key, params, value));
    }

    private boolean remove(String key, Map<String, String> params) throws ConsulApiException {
        return answer(http.delete("/v1/kv/" + key, params));
    }

    /** Consul's client treats any 200 body containing "true" as success. */
    private static boolean answer(ConsulHttpClient.Response resp) throws ConsulApiException {
        if (resp.status() != 200) {
            throw ConsulApiException.unexpectedStatus(resp.status(), resp.text());
        }
        return new String(resp.body(), StandardCharsets.UTF_8).contains("true");
    }

    private static Map<String, String> withFlags(long flags) {
        Map<String, String> params = new TreeMap<>();
        if (flags != 0) {
            params.put("flags", Long.toUnsignedString(flags));
        }
        return params;
    }
}
