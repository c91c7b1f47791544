package io.proconsul.cli.command.lock;

import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.core.model.KvEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The blocking KV reads a lock or semaphore contender makes, as Consul's {@code api.KV.Get} and
 * {@code List} with {@code QueryOptions}: {@code ?index} and {@code ?wait} to long-poll until the key
 * changes, {@code ?consistent} for the holder's monitor. A 404 is an empty answer that still carries the
 * index to wait on.
 */
final class LockKv {

    /** Entries read and the {@code X-Consul-Index} to pass as the next wait index. */
    record Read(List<KvEntry> entries, long index) {

        KvEntry find(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst().orElse(null);
        }
    }

    private static final TypeReference<List<KvEntry>> ENTRIES = new TypeReference<>() {};

    private final ConsulHttpClient http;

    LockKv(ConsulHttpClient http) {
        this.http = http;
    }

    /** One key; blocks while its index stays {@code waitIndex} (0: answer at once), up to {@code wait}. */
    Read get(String key, long waitIndex, Duration wait, boolean consistent) throws ConsulApiException {
        return read(key, waitIndex, wait, consistent, false);
    }

    /** Every key under {@code prefix}, blocking as {@link #get}. */
    Read list(String prefix, long waitIndex, Duration wait, boolean consistent) throws ConsulApiException {
        return read(prefix, waitIndex, wait, consistent, true);
    }

    private Read read(String key, long waitIndex, Duration wait, boolean consistent, boolean recurse)
            throws ConsulApiException {
        Map<String, String> params = new TreeMap<>();
        if (waitIndex > 0) {
            params.put("index", Long.toUnsignedString(waitIndex));
        }
        if (wait != null && !wait.isZero()) {
            params.put("wait", Math.max(1, wait.toMillis()) + "ms");
        }
        if (consistent) {
            params.put("consistent", "");
        }
        if (recurse) {
            params.put("recurse", "");
        }
        ConsulHttpClient.Response r = http.get("/v1/kv/" + key, params);
        if (r.status() == 404) {
            return new Read(List.of(), r.index());
        }
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
        try {
            List<KvEntry> entries = http.json().readValue(r.body(), ENTRIES);
            return new Read(entries == null ? List.of() : entries, r.index());
        } catch (IOException e) {
            throw new ConsulApiException("Failed to decode the agent's answer: " + e.getMessage());
        }
    }
}
