package io.proconsul.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS to an agent with a self-signed certificate (made with the JDK's keytool): trusted through
 * {@code -ca-file}, {@code -ca-path} or {@code CONSUL_HTTP_SSL_VERIFY=false}, refused otherwise.
 */
class TlsContextTest {

    @TempDir
    static Path dir;

    private HttpsServer server;
    private Path caPem;

    @BeforeEach
    void start() throws Exception {
        Path keystore = dir.resolve("agent.p12");
        caPem = dir.resolve("ca").resolve("agent.pem");
        Files.createDirectories(caPem.getParent());
        if (!Files.exists(keystore)) {
            keytool("-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass",
                    "changeit", "-alias", "agent", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
            keytool("-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", "changeit",
                    "-alias", "agent", "-file", caPem.toString());
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            byte[] body = "[\"tls\"]".getBytes();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private KvClient kv(ClientConfig config) throws ConsulApiException {
        String addr = "https://127.0.0.1:" + server.getAddress().getPort();
        return new KvClient(ConsulHttpClient.create(config.address(addr)));
    }

    @Test
    void trustsTheAgentThroughCaFile() throws ConsulApiException {
        assertThat(kv(ClientConfig.fromEnvironment(Map.of()).caFile(caPem.toString())).keys("", ""))
                .containsExactly("tls");
    }

    @Test
    void trustsTheAgentThroughCaPathFromTheEnvironment() throws ConsulApiException {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of("CONSUL_CAPATH", caPem.getParent().toString()));
        assertThat(kv(config).keys("", "")).containsExactly("tls");
    }

    @Test
    void skipVerifyTrustsAnyCertificate() throws ConsulApiException {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of("CONSUL_HTTP_SSL_VERIFY", "false"));
        assertThat(kv(config).keys("", "")).containsExactly("tls");
    }

    @Test
    void unknownCertificateIsRefused() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of()));
        ConsulApiException e = assertThrows(ConsulApiException.class, () -> kv.keys("", ""));
        assertThat(e.statusCode()).isZero();
        assertThat(e.getMessage()).startsWith("Get \"https://127.0.0.1:");
    }

    @Test
    void clientCertWithoutKeyIsAConfigurationError() {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of()).clientCert(caPem.toString());
        ConsulApiException e = assertThrows(ConsulApiException.class, () -> kv(config));
        assertThat(e.getMessage()).isEqualTo("Error setting up TLS: both client cert and client key must be "
                + "provided; check -ca-file, -ca-path, -client-cert and -client-key");
    }
}
