package io.proconsul.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP checks against a real HTTP server on 127.0.0.1. */
class HttpProbeIT {

    private final HttpCheckClients clients = new HttpCheckClients();
    private HttpServer server;
    private String base;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/code", ex -> {
            int code = Integer.parseInt(ex.getRequestURI().getQuery().substring("c=".length()));
            reply(ex, code, "body of " + code);
        });
        server.createContext("/echo", ex -> {
            seen.put("method", ex.getRequestMethod());
            seen.put("user-agent", String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
            seen.put("accept", String.valueOf(ex.getRequestHeaders().getFirst("Accept")));
            seen.put("x-token", String.valueOf(ex.getRequestHeaders().get("X-Token")));
            try (InputStream in = ex.getRequestBody()) {
                seen.put("body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            reply(ex, 200, "ok");
        });
        server.createContext("/big", ex -> reply(ex, 200, "a".repeat(10_000) + "TAIL"));
        server.createContext("/hang", ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "late");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"200, passing, 200 OK", "204, passing, 204 No Content", "299, passing, 299",
        "429, warning, 429 Too Many Requests", "404, critical, 404 Not Found",
        "503, critical, 503 Service Unavailable"})
    void statusCodeDecidesTheStatus(int code, String status, String statusLine) throws Exception {
        String url = base + "/code?c=" + code;
        CheckResult r = probe(url, "", Map.of(), "", null, 4096);
        assertThat(r.status()).isEqualTo(status);
        String body = code == 204 ? "" : "body of " + code;
        assertThat(r.output()).isEqualTo("HTTP GET " + url + ": " + statusLine + " Output: " + body);
    }

    @Test
    void sendsMethodHeadersAndBodyWithConsulsDefaults() throws Exception {
        CheckResult r = probe(base + "/echo", "put", Map.of("X-Token", List.of("a", "b")), "{\"x\":1}", null, 4096);
        assertThat(r.status()).isEqualTo("passing");
        assertThat(r.output()).isEqualTo("HTTP PUT " + base + "/echo: 200 OK Output: ok");
        assertThat(seen).containsEntry("method", "PUT").containsEntry("body", "{\"x\":1}")
                .containsEntry("user-agent", "Consul Health Check")
                .containsEntry("accept", "text/plain, text/*, */*")
                .containsEntry("x-token", "[a, b]");
    }

    @Test
    void runsOnItsIntervalThroughCheckRunners() throws Exception {
        Updates updates = new Updates();
        try (CheckRunners runners = new CheckRunners(4096, Duration.ofMillis(10))) {
            var d = Definitions.http(base + "/code?c=503", "", Map.of(), "", null);
            var fast = new io.proconsul.core.local.CheckDefinition("web", "web", "", "", List.of(), d.http(), "",
                    Map.of(), "", false, "", "", false, null, Duration.ofMillis(50), null, "", 0, 0, null);
            runners.start("web", fast, updates);
            for (int i = 0; i < 2; i++) {
                assertThat(updates.next(Duration.ofSeconds(10))).isEqualTo(new Updates.Update("web", "critical",
                        "HTTP GET " + base + "/code?c=503: 503 Service Unavailable Output: body of 503"));
            }
        }
    }

    @Test
    void theChecksOwnUserAgentWins() throws Exception {
        probe(base + "/echo", "", Map.of("User-Agent", List.of("mine")), "", null, 4096);
        assertThat(seen).containsEntry("user-agent", "mine").containsEntry("method", "GET");
    }

    @Test
    void keepsTheLastBytesOfALargeBody() throws Exception {
        CheckResult r = probe(base + "/big", "", Map.of(), "", null, 64);
        String prefix = "HTTP GET " + base + "/big: 200 OK Output: ";
        assertThat(r.output()).startsWith(prefix).endsWith("aTAIL");
        assertThat(r.output().substring(prefix.length())).hasSize(64);
    }

    @Test
    void aSlowServerTimesOutAsCritical() throws Exception {
        long t0 = System.nanoTime();
        CheckResult r = probe(base + "/hang", "", Map.of(), "", Duration.ofMillis(500), 4096);
        assertThat(r.status()).isEqualTo("critical");
        assertThat(r.output()).isEqualTo("Get \"" + base
                + "/hang\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRefusedConnectionIsCritical() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        CheckResult r = probe(url, "", Map.of(), "", Duration.ofSeconds(2), 4096);
        assertThat(r.status()).isEqualTo("critical");
        assertThat(r.output()).isEqualTo("Get \"" + url + "\": dial tcp 127.0.0.1:" + port
                + ": connect: connection refused");
    }

    @Test
    void tlsSkipVerifyAcceptsASelfSignedCertificate(@TempDir Path dir) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
        https.createContext("/", ex -> reply(ex, 200, "secure"));
        https.start();
        try {
            String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/";
            CheckResult verified = new HttpProbe(Definitions.http(url, "", Map.of(), "", Duration.ofSeconds(5)),
                    4096, clients).check();
            assertThat(verified.status()).isEqualTo("critical");

            var d = Definitions.http(url, "", Map.of(), "", Duration.ofSeconds(5));
            var skip = new io.proconsul.core.local.CheckDefinition(d.id(), d.name(), "", "", List.of(), url, "",
                    Map.of(), "", true, "", "", false, null, d.interval(), d.timeout(), "", 0, 0, null);
            CheckResult r = new HttpProbe(skip, 4096, clients).check();
            assertThat(r.status()).isEqualTo("passing");
            assertThat(r.output()).isEqualTo("HTTP GET " + url + ": 200 OK Output: secure");
        } finally {
            https.stop(0);
        }
    }

    private CheckResult probe(String url, String method, Map<String, List<String>> header, String body,
            Duration timeout, int max) throws InterruptedException {
        return new HttpProbe(Definitions.http(url, method, header, body, timeout), max, clients).check();
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, code == 204 ? -1 : b.length);
        if (code != 204) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    /** A throw-away key pair made by the JDK's keytool, as an operator's self-signed certificate would be. */
    private static SSLContext selfSigned(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=not-this-host", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
