package io.proconsul.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.core.model.KvEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link ConsulHttpClient} and {@link KvClient} put on the wire, and how they read answers. */
class ConsulHttpClientTest {

    private StubHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new StubHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private KvClient kv(ClientConfig config) throws ConsulApiException {
        return new KvClient(ConsulHttpClient.create(config.address(server.address())));
    }

    @Test
    void sendsTokenDatacenterAndStaleOnReadsOnly() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of("CONSUL_HTTP_TOKEN", "secret"))
                .datacenter("dc2").stale(true));
        server.answer(200, "[\"a/\",\"b\"]");
        assertThat(kv.keys("", "/")).containsExactly("a/", "b");
        assertThat(server.last().method()).isEqualTo("GET");
        assertThat(server.last().rawQuery()).isEqualTo("dc=dc2&keys=&separator=%2F&stale=");
        assertThat(server.last().header("X-Consul-Token")).isEqualTo("secret");

        server.answer(200, "true");
        assertThat(kv.put("k", "v".getBytes(StandardCharsets.UTF_8), 0)).isTrue();
        assertThat(server.last().method()).isEqualTo("PUT");
        assertThat(server.last().rawQuery()).isEqualTo("dc=dc2");
        assertThat(server.last().bodyText()).isEqualTo("v");
        assertThat(server.last().header("X-Consul-Token")).isEqualTo("secret");
    }

    @Test
    void escapesKeysAsGoDoes() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of()));
        kv.put("dir/a b?c#d%e+f:g@h", new byte[0], 0);
        assertThat(server.last().rawPath()).isEqualTo("/v1/kv/dir/a%20b%3Fc%23d%25e+f:g@h");
        assertThat(server.last().header("X-Consul-Token")).isNull();
    }

    @Test
    void writeParametersFollowConsulsClient() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of()));
        kv.cas("k", new byte[0], -1L, 0);
        assertThat(server.last().rawQuery()).isEqualTo("cas=0&flags=18446744073709551615");
        kv.acquire("k", new byte[0], 0, "sess-1");
        assertThat(server.last().rawQuery()).isEqualTo("acquire=sess-1");
        kv.release("k", new byte[0], 7, "sess-1");
        assertThat(server.last().rawQuery()).isEqualTo("flags=7&release=sess-1");
        kv.deleteTree("p/");
        assertThat(server.last().method()).isEqualTo("DELETE");
        assertThat(server.last().rawQuery()).isEqualTo("recurse=");
    }

    @Test
    void casAnswerFalseIsNotAnError() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of()));
        server.answer(200, "false");
        assertThat(kv.cas("k", new byte[0], 0, 5)).isFalse();
        assertThat(kv.deleteCas("k", 5)).isFalse();
    }

    @Test
    void notFoundReadsAreEmpty() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of()));
        server.answer(404, "");
        assertThat(kv.get("nope")).isEmpty();
        assertThat(kv.list("nope")).isEmpty();
        assertThat(kv.keys("nope", "")).isEmpty();
        assertThat(server.last().rawQuery()).isEqualTo("keys=");
    }

    @Test
    void readsEntriesWithConsulsFieldNames() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of()));
        server.answer(200, "[{\"LockIndex\":1,\"Key\":\"k\",\"Flags\":42,\"Value\":\"YmFy\","
                + "\"Session\":\"s\",\"CreateIndex\":5,\"ModifyIndex\":9,\"Namespace\":\"default\"}]");
        Optional<KvEntry> entry = kv.get("k");
        assertThat(entry).contains(new KvEntry(1, "k", 42, "bar".getBytes(StandardCharsets.UTF_8), "s", 5, 9));
    }

    @Test
    void errorStatusCarriesCodeAndBody() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of()));
        server.answer(403, "Permission denied\n");
        ConsulApiException e = assertThrows(ConsulApiException.class, () -> kv.list("x"));
        assertThat(e.getMessage()).isEqualTo("Unexpected response code: 403 (Permission denied)");
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.body()).isEqualTo("Permission denied");
        assertThat(e.isConnectFailure()).isFalse();
    }

    @Test
    void keyWithLeadingSlashIsRefusedBeforeSending() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of()));
        ConsulApiException e = assertThrows(ConsulApiException.class, () -> kv.put("/k", new byte[0], 0));
        assertThat(e.getMessage()).isEqualTo("Invalid key. Key must not begin with a '/': /k");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void basicAuthFromEnvironment() throws ConsulApiException {
        KvClient kv = kv(ClientConfig.fromEnvironment(Map.of("CONSUL_HTTP_AUTH", "user:pass")));
        server.answer(200, "[]");
        assertThat(kv.list("")).isEqualTo(List.of());
        assertThat(server.last().header("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
    }

    @Test
    void connectionClosedWithoutAnswerIsEof() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Answer nothing and hang up, every time: the JDK client retries an idempotent GET once.
            Thread closer = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        s.getInputStream().read();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();
            String addr = "127.0.0.1:" + socket.getLocalPort();
            KvClient kv = new KvClient(ConsulHttpClient.create(ClientConfig.fromEnvironment(Map.of()).address(addr)));
            ConsulApiException e = assertThrows(ConsulApiException.class, () -> kv.get("k"));
            assertThat(e.getMessage()).isEqualTo("Get \"http://" + addr + "/v1/kv/k\": EOF");
        }
    }

    @Test
    void getJsonDecodesOkAnswersAndRejectsOthers() throws ConsulApiException {
        ConsulHttpClient client = ConsulHttpClient.create(ClientConfig.fromEnvironment(Map.of())
                .address(server.address()));
        server.answer(200, "{\"Config\":{\"NodeName\":\"n1\"}}");
        Map<String, Map<String, String>> self = client.getJson("/v1/agent/self", Map.of(), new TypeReference<>() {});
        assertThat(self.get("Config")).containsEntry("NodeName", "n1");
        server.answer(200, "not json");
        assertThat(assertThrows(ConsulApiException.class,
                () -> client.getJson("/v1/agent/self", Map.of(), new TypeReference<Map<String, Object>>() {}))
                .getMessage()).startsWith("Failed to decode the agent's answer to /v1/agent/self: ");
        server.answer(404, "");
        assertThat(assertThrows(ConsulApiException.class,
                () -> client.getJson("/v1/agent/self", Map.of(), new TypeReference<Map<String, Object>>() {}))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void blockingQueryIndexComesFromTheHeader() throws ConsulApiException {
        ConsulHttpClient client = ConsulHttpClient.create(ClientConfig.fromEnvironment(Map.of())
                .address(server.address()));
        client.get("/v1/kv/a", Map.of());
        ConsulHttpClient.Response second = client.get("/v1/kv/a", Map.of("index", "1", "wait", "5s"));
        assertThat(second.index()).isEqualTo(2);
        assertThat(server.last().rawQuery()).isEqualTo("index=1&wait=5s");
    }

    @Test
    void pathPrefixIsPrepended() throws ConsulApiException {
        KvClient kv = new KvClient(ConsulHttpClient.create(ClientConfig.fromEnvironment(Map.of())
                .address("http://" + server.address() + "/consul")));
        server.answer(404, "");
        assertThat(kv.get("k")).isEmpty();
        assertThat(server.last().rawPath()).isEqualTo("/consul/v1/kv/k");
    }
}
