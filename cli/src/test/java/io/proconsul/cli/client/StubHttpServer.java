package io.proconsul.cli.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP endpoint that records what a client sends and answers with one canned response: a fake at
 * the wire boundary, to check the requests our client puts on the wire (path escaping, parameters, headers,
 * bodies) and how it reads statuses. Behaviour against a real agent is covered by the ITs.
 */
public final class StubHttpServer implements AutoCloseable {

    /** One received request. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile byte[] response = "true".getBytes(StandardCharsets.UTF_8);

    public StubHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
            byte[] out = response;
            exchange.getResponseHeaders().add("X-Consul-Index", String.valueOf(requests.size()));
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    /** Answers every following request with this status and body. */
    public StubHttpServer answer(int status, String body) {
        this.status = status;
        this.response = body.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return requests;
    }

    public Request last() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
