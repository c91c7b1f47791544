package io.proconsul.cli.watch;

import io.proconsul.core.GoDuration;
import io.proconsul.core.GoTypeName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A watch's {@code http_handler_config} (Consul's {@code watch.HttpHandlerConfig}): where to send each
 * result ({@code path}, a full URL), with which {@code method} (default POST), extra {@code header}s (each
 * a list of values), a {@code timeout} (Go duration, default 10 s) and {@code tls_skip_verify}.
 */
record HttpHandlerConfig(String path, String method, Duration timeout, Map<String, List<String>> header,
        boolean tlsSkipVerify) {

    /** Consul's {@code watch.DefaultTimeout}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    HttpHandlerConfig {
        header = Map.copyOf(header);
    }

    /**
     * Decodes the raw config value as Consul's {@code parseHttpHandlerConfig} (weakly typed: a single header
     * value may be a string, a boolean may be {@code "true"}).
     *
     * @throws WatchSpec.InvalidException with Consul's "Failed to parse 'http_handler_config': ..." text
     */
    static HttpHandlerConfig parse(Object raw) throws WatchSpec.InvalidException {
        if (raw instanceof List<?> l && l.size() == 1) {
            raw = l.get(0); // an HCL block arrives as a list of one map
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw invalid("'http_handler_config' expected a map, got '" + GoTypeName.of(raw) + "'");
        }
        String path = m.get("path") == null ? "" : String.valueOf(m.get("path"));
        if (path.isEmpty()) {
            throw invalid("Requires 'path' to be set");
        }
        String method = m.get("method") == null || String.valueOf(m.get("method")).isEmpty() ? "POST"
                : String.valueOf(m.get("method"));
        Duration timeout = DEFAULT_TIMEOUT;
        if (m.get("timeout") != null && !String.valueOf(m.get("timeout")).isEmpty()) {
            try {
                timeout = GoDuration.parse(String.valueOf(m.get("timeout")));
            } catch (IllegalArgumentException e) {
                throw invalid("Failed to parse timeout: " + e.getMessage());
            }
        }
        Object skip = m.get("tls_skip_verify");
        boolean tlsSkipVerify = Boolean.TRUE.equals(skip) || "true".equals(skip) || "1".equals(skip);
        return new HttpHandlerConfig(path, method, timeout, headers(m.get("header")), tlsSkipVerify);
    }

    private static Map<String, List<String>> headers(Object raw) throws WatchSpec.InvalidException {
        if (raw instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Map) {
            raw = l.get(0);
        }
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw invalid("'header' expected a map, got '" + GoTypeName.of(raw) + "'");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            List<String> values = new ArrayList<>();
            if (e.getValue() instanceof List<?> vs) {
                vs.forEach(v -> values.add(String.valueOf(v)));
            } else {
                values.add(String.valueOf(e.getValue()));
            }
            out.put(String.valueOf(e.getKey()), values);
        }
        return out;
    }

    private static WatchSpec.InvalidException invalid(String detail) {
        return new WatchSpec.InvalidException("Failed to parse 'http_handler_config': " + detail);
    }
}
