package io.proconsul.cli.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small client for the agent's HTTP API over {@code java.net.http}, with the conventions of Consul's Go
 * {@code api} package: {@code ?dc}, {@code ?ns} and {@code ?partition} on every request, {@code ?stale} on
 * reads when asked, the token in {@code X-Consul-Token}, query parameters sorted by name, and errors worded
 * as the Go client words them (see {@link ConsulApiException}).
 *
 * <p>Thread-safe; one instance per command run. Nothing to close: the JDK client owns its connections.
 */
public final class ConsulHttpClient {

    /**
     * A received answer with any status: callers decide which statuses are errors.
     *
     * @param headers the response headers, looked up case-insensitively
     */
    public record Response(int status, byte[] body, HttpHeaders headers) {

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** {@code X-Consul-Index}, the index to pass as {@code ?index=} for a blocking query; 0 if absent. */
        public long index() {
            return headers.firstValue("X-Consul-Index").map(v -> {
                try {
                    return Long.parseUnsignedLong(v.strip());
                } catch (NumberFormatException e) {
                    return 0L;
                }
            }).orElse(0L);
        }
    }

    // Go's default dialer gives up after 30 s; requests themselves have no deadline (blocking queries).
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpAddress address;
    private final String token;
    private final String authorization;
    private final Map<String, String> defaultParams;
    private final boolean stale;
    private final HttpClient http;

    private ConsulHttpClient(ClientConfig config, HttpAddress address, String token) throws ConsulApiException {
        this.address = address;
        this.token = token;
        this.authorization = config.basicAuth.isEmpty() ? "" : basicAuth(config.basicAuth);
        this.defaultParams = new TreeMap<>();
        putIfSet(defaultParams, "dc", config.datacenter);
        putIfSet(defaultParams, "ns", config.namespace);
        putIfSet(defaultParams, "partition", config.partition);
        this.stale = config.stale;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (address.scheme().equals("https")) {
            TlsContext.configure(builder, config);
        }
        this.http = builder.build();
    }

    /**
     * Builds a client as Consul's {@code api.NewClient} does: parses the address and its scheme, and reads
     * the token file, whose non-blank content wins over any token given by flag or environment.
     *
     * @throws ConsulApiException for an unknown scheme or an unreadable token file
     */
    public static ConsulHttpClient create(ClientConfig config) throws ConsulApiException {
        HttpAddress address = HttpAddress.parse(config.address, config.scheme);
        String token = config.token;
        if (!config.tokenFile.isEmpty()) {
            String fromFile = readTokenFile(config.tokenFile);
            if (!fromFile.isEmpty()) {
                token = fromFile;
            }
        }
        return new ConsulHttpClient(config, address, token);
    }

    /** The parsed agent address. */
    public HttpAddress address() {
        return address;
    }

    /** The token sent as {@code X-Consul-Token}, or {@code ""} for the agent's default token. */
    public String token() {
        return token;
    }

    /** The shared Jackson mapper, lenient about fields it does not know (Enterprise adds some). */
    public ObjectMapper json() {
        return JSON;
    }

    /** A read: adds {@code ?stale} when the client was configured with it. */
    public Response get(String path, Map<String, String> params) throws ConsulApiException {
        Map<String, String> all = new TreeMap<>(params);
        if (stale) {
            all.put("stale", "");
        }
        return send("GET", path, all, null);
    }

    /**
     * A read whose answer must be 200 with JSON of {@code type}, as Consul's client {@code query} expects;
     * for commands such as {@code members} or {@code info}.
     *
     * @throws ConsulApiException for any other status ("Unexpected response code: ...") or unreadable JSON
     */
    public <T> T getJson(String path, Map<String, String> params, TypeReference<T> type) throws ConsulApiException {
        return decode(path, get(path, params), type);
    }

    /** {@link #getJson(String, Map, TypeReference)} with parameters that repeat, as {@link #get(String, Map, Map)}. */
    public <T> T getJson(String path, Map<String, String> params, Map<String, List<String>> repeated,
            TypeReference<T> type) throws ConsulApiException {
        return decode(path, get(path, params, repeated), type);
    }

    private static <T> T decode(String path, Response resp, TypeReference<T> type) throws ConsulApiException {
        if (resp.status() != 200) {
            throw ConsulApiException.unexpectedStatus(resp.status(), resp.text());
        }
        try {
            return JSON.readValue(resp.body(), type);
        } catch (IOException e) {
            throw new ConsulApiException("Failed to decode the agent's answer to " + path + ": " + e.getMessage());
        }
    }

    /**
     * A read with parameters that repeat, such as {@code node-meta=rack:r1&node-meta=zone:z1}; otherwise as
     * {@link #get(String, Map)}.
     */
    public Response get(String path, Map<String, String> params, Map<String, List<String>> repeated)
            throws ConsulApiException {
        Map<String, String> all = new TreeMap<>(params);
        if (stale) {
            all.put("stale", "");
        }
        StringBuilder sb = new StringBuilder(uri(path, all).toString());
        char sep = sb.indexOf("?") < 0 ? '?' : '&';
        for (Map.Entry<String, List<String>> p : repeated.entrySet()) {
            for (String v : p.getValue()) {
                sb.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return send("GET", URI.create(sb.toString()), null);
    }

    public Response put(String path, Map<String, String> params, byte[] body) throws ConsulApiException {
        return send("PUT", path, params, body);
    }

    public Response delete(String path, Map<String, String> params) throws ConsulApiException {
        return send("DELETE", path, params, null);
    }

    /** The full request URI for an API path and parameters, escaped as Go's {@code net/url} escapes. */
    public URI uri(String path, Map<String, String> params) {
        Map<String, String> all = new TreeMap<>(defaultParams);
        all.putAll(params);
        StringBuilder sb = new StringBuilder(address.baseUri()).append(escapePath(path));
        char sep = '?';
        for (Map.Entry<String, String> p : all.entrySet()) {
            sb.append(sep).append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return URI.create(sb.toString());
    }

    private Response send(String method, String path, Map<String, String> params, byte[] body)
            throws ConsulApiException {
        return send(method, uri(path, params), body);
    }

    /**
     * A GET whose 200 answer is written to {@code target} as it arrives (a snapshot may be larger than
     * memory), with {@code ?stale} as {@link #get} adds it. Any other answer's short body comes back in the
     * response instead, and {@code target} is left as it was.
     */
    public Response download(String path, Map<String, String> params, Path target) throws ConsulApiException {
        Map<String, String> all = new TreeMap<>(params);
        if (stale) {
            all.put("stale", "");
        }
        HttpResponse.BodyHandler<byte[]> toFile = info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofFile(target), p -> new byte[0])
                : HttpResponse.BodySubscribers.ofByteArray();
        URI uri = uri(path, all);
        return exchange("GET", uri, HttpRequest.newBuilder(uri), toFile);
    }

    /** A PUT of the file {@code source}, streamed from disk rather than read into memory. */
    public Response upload(String path, Map<String, String> params, Path source) throws ConsulApiException {
        URI uri = uri(path, params);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri);
        try {
            req.method("PUT", HttpRequest.BodyPublishers.ofFile(source));
        } catch (java.io.FileNotFoundException e) {
            throw new ConsulApiException("open " + source + ": no such file or directory");
        }
        return exchange("PUT", uri, req, HttpResponse.BodyHandlers.ofByteArray());
    }

    private Response send(String method, URI uri, byte[] body) throws ConsulApiException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri);
        if (body != null) {
            // Consul's client always labels a body as JSON, even a raw KV value (hashicorp/consul#10011).
            req.header("Content-Type", "application/json");
            req.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return exchange(method, uri, req, HttpResponse.BodyHandlers.ofByteArray());
    }

    private Response exchange(String method, URI uri, HttpRequest.Builder req, HttpResponse.BodyHandler<byte[]> handler)
            throws ConsulApiException {
        if (!token.isEmpty()) {
            req.header("X-Consul-Token", token);
        }
        if (!authorization.isEmpty()) {
            req.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> resp = http.send(req.build(), handler);
            return new Response(resp.statusCode(), resp.body(), resp.headers());
        } catch (IOException e) {
            throw new ConsulApiException(transportError(method, uri, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsulApiException(goMethod(method) + " \"" + uri + "\": interrupted");
        }
    }

    /** Go's {@code url.Error} text, so that scripts matching "connection refused" keep working. */
    private String transportError(String method, URI uri, IOException e) {
        String prefix = goMethod(method) + " \"" + uri + "\": ";
        if (e instanceof HttpConnectTimeoutException) {
            return prefix + "dial tcp " + address.hostPort() + ": i/o timeout";
        }
        if (e instanceof ConnectException) {
            if (e.getCause() instanceof UnresolvedAddressException) {
                return prefix + "dial tcp: lookup " + uri.getHost() + ": no such host";
            }
            return prefix + "dial tcp " + address.hostPort() + ": connect: connection refused";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof EOFException || message.contains("received no bytes")) {
            // The agent closed the connection without answering; Go reports that as a bare EOF.
            return prefix + "EOF";
        }
        return prefix + message;
    }

    private static String goMethod(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }

    /** Go's {@code URL.EscapedPath}: keeps unreserved characters and {@code $&+,/:;=@}, escapes the rest. */
    static String escapePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String readTokenFile(String file) throws ConsulApiException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new ConsulApiException("Error loading token file: open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new ConsulApiException("Error loading token file: " + e.getMessage());
        }
    }

    /** {@code CONSUL_HTTP_AUTH} is {@code user} or {@code user:password}. */
    private static String basicAuth(String auth) {
        String pair = auth.contains(":") ? auth : auth + ":";
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static void putIfSet(Map<String, String> params, String name, String value) {
        if (!value.isEmpty()) {
            params.put(name, value);
        }
    }
}
