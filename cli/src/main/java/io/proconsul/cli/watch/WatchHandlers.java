package io.proconsul.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's watch handlers, after Consul's {@code agent/watch_handler.go}: a script or subprocess whose
 * output is captured (last 4 KiB) and logged at DEBUG, and an HTTP endpoint that receives the result as the
 * request body with {@code X-Consul-Index}. Unlike {@code consul watch}, a failing handler is only logged:
 * the watch goes on.
 */
final class WatchHandlers {

    private static final Logger log = LoggerFactory.getLogger(WatchHandlers.class);

    private WatchHandlers() {}

    /** Runs {@code process} for each result and logs what happened, as Consul's {@code makeWatchHandler}. */
    static WatchPlan.Handler script(HandlerProcess process, Object handler) {
        String name = handler instanceof List<?> l ? "[" + String.join(" ", l.stream().map(String::valueOf)
                .toList()) + "]" : String.valueOf(handler);
        return (index, result) -> {
            String output;
            try {
                output = process.run(HandlerProcess.input(result), index, HandlerProcess.Output.CAPTURE);
            } catch (HandlerProcess.HandlerException e) {
                log.error("Failed to run watch handler '{}': {}", name, e.getMessage());
                output = e.output();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            log.debug("watch handler '{}' output: {}", name, output);
        };
    }

    /** Sends each result to the configured endpoint, as Consul's {@code makeHTTPWatchHandler}. */
    static WatchPlan.Handler http(HttpHandlerConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.timeout());
        if (config.tlsSkipVerify()) {
            builder.sslContext(trustAll());
        }
        HttpClient client = builder.build();
        return (index, result) -> post(client, config, index, result);
    }

    private static void post(HttpClient client, HttpHandlerConfig config, long index, JsonNode result) {
        HttpRequest.Builder req;
        try {
            req = HttpRequest.newBuilder(URI.create(config.path())).timeout(config.timeout())
                    .method(config.method(), HttpRequest.BodyPublishers.ofByteArray(HandlerProcess.input(result)))
                    .header("Content-Type", "application/json")
                    .header("X-Consul-Index", Long.toUnsignedString(index));
            for (Map.Entry<String, List<String>> h : config.header().entrySet()) {
                h.getValue().forEach(v -> req.header(h.getKey(), v));
            }
        } catch (IllegalArgumentException e) {
            log.error("Failed to setup http watch: {}", e.getMessage());
            return;
        }
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            log.error("Failed to invoke http watch handler '{}': {}", config.path(), e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String output = tail(resp.body());
        if (resp.statusCode() >= 200 && resp.statusCode() <= 299) {
            log.trace("http watch handler '{}' output: {}", config.path(), output);
        } else {
            log.error("http watch handler '{}' got '{}' with output: {}", config.path(), resp.statusCode(), output);
        }
    }

    /** The last 4 KiB of a response, with Consul's note when cut. */
    private static String tail(byte[] body) {
        int limit = HandlerProcess.CAPTURE_LIMIT;
        if (body.length <= limit) {
            return new String(body, StandardCharsets.UTF_8);
        }
        return "Captured " + limit + " of " + body.length + " bytes\n...\n"
                + new String(body, body.length - limit, limit, StandardCharsets.UTF_8);
    }

    /** {@code tls_skip_verify}: any certificate is accepted, as Go's {@code InsecureSkipVerify}. */
    private static SSLContext trustAll() {
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {any}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
