package io.proconsul.cli.command.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.FlagMapValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the catalog commands share: Consul's {@code -node-meta key=value} flag, sent as one
 * {@code node-meta=key:value} parameter per pair as Consul's API client sends it, on a read whose answer must
 * be 200 with JSON.
 */
final class CatalogQuery {

    private CatalogQuery() {}

    /**
     * The {@code -node-meta} pairs ({@link FlagMapValue}), sorted by key.
     *
     * @throws IllegalArgumentException with Go's flag-package text for a value without {@code =}
     */
    static Map<String, String> nodeMeta(List<String> values) {
        return new TreeMap<>(FlagMapValue.parse("node-meta", values));
    }

    /** A GET with the {@code node-meta} pairs as repeated parameters; 200 with JSON of {@code type} or an error. */
    static <T> T get(ConsulHttpClient client, String path, Map<String, String> params, Map<String, String> meta,
            TypeReference<T> type) throws ConsulApiException {
        List<String> pairs = new ArrayList<>();
        meta.forEach((k, v) -> pairs.add(k + ":" + v));
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        if (!pairs.isEmpty()) {
            repeated.put("node-meta", pairs);
        }
        return client.getJson(path, params, repeated, type);
    }
}
