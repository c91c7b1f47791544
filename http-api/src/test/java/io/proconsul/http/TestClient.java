package io.proconsul.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A thin java.net.http client against one agent's HTTP API on 127.0.0.1. */
public final class TestClient {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public TestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, null);
    }

    public HttpResponse<String> put(String pathAndQuery, String body) throws IOException, InterruptedException {
        return send("PUT", pathAndQuery, body);
    }

    public HttpResponse<String> delete(String pathAndQuery) throws IOException, InterruptedException {
        return send("DELETE", pathAndQuery, null);
    }

    public HttpResponse<String> send(String method, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, body == null ? null : body.getBytes(StandardCharsets.UTF_8), null);
    }

    public HttpResponse<String> send(String method, String pathAndQuery, byte[] body, String[] headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers != null) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<byte[]> getBytes(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).build();
        return client.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }
}
