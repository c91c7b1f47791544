package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.raft.client.ServerForwardingStore;
import io.proconsul.raft.snapshot.SnapshotArchive;
import io.proconsul.raft.snapshot.SnapshotMeta;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/snapshot} on real sockets: GET streams Consul's archive with the index headers, PUT (streamed,
 * also behind {@code Expect: 100-continue}) restores it into another agent with the same keys and indexes,
 * a damaged upload is a 500 with Consul's text that changes nothing, and a client agent says it cannot.
 */
class SnapshotEndpointIT {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void savedOnOneAgentRestoresOnAnotherWithTheSameIndexes(@TempDir Path dir) throws Exception {
        try (StoreFixture a = new StoreFixture(dir.resolve("a"), false, AgentConfig.Limits.DEFAULTS);
                StoreFixture b = new StoreFixture(dir.resolve("b"), false, AgentConfig.Limits.DEFAULTS)) {
            for (int i = 0; i < 40; i++) {
                assertThat(a.http.put("/v1/kv/snap/" + i, "value-" + i).body()).isEqualTo("true");
            }
            assertThat(b.http.put("/v1/kv/only-in-b", "x").body()).isEqualTo("true");
            HttpResponse<String> listA = a.http.get("/v1/kv/snap/?recurse");

            HttpResponse<byte[]> saved = a.http.getBytes("/v1/snapshot");
            assertThat(saved.statusCode()).isEqualTo(200);
            assertThat(saved.headers().firstValue("Content-Type")).hasValue("application/x-gzip");
            assertThat(saved.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            long index = Long.parseLong(saved.headers().firstValue("X-Consul-Index").orElseThrow());
            assertThat(index).isGreaterThanOrEqualTo(Long.parseLong(listA.headers().firstValue("X-Consul-Index")
                    .orElseThrow()));
            assertThat(saved.headers().firstValue("X-Consul-KnownLeader")).hasValue("true");
            SnapshotMeta meta = SnapshotArchive.read(new ByteArrayInputStream(saved.body()), new ByteArrayOutputStream());
            assertThat(meta.index()).isEqualTo(index);
            Path file = dir.resolve("a.snap");
            Files.write(file, saved.body());

            HttpResponse<String> restored = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + b.server.port() + "/v1/snapshot"))
                    .expectContinue(true).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
            HttpResponse<String> listB = b.http.get("/v1/kv/snap/?recurse");
            assertThat(StoreFixture.JSON.readTree(listB.body())).isEqualTo(StoreFixture.JSON.readTree(listA.body()));
            assertThat(listB.headers().firstValue("X-Consul-Index")).isEqualTo(listA.headers().firstValue("X-Consul-Index"));
            assertThat(b.http.get("/v1/kv/only-in-b").statusCode()).isEqualTo(404);
            assertThat(b.http.put("/v1/kv/after", "y").body()).isEqualTo("true");
            JsonNode after = StoreFixture.JSON.readTree(b.http.get("/v1/kv/after").body()).get(0);
            assertThat(after.get("CreateIndex").asLong()).isGreaterThan(index);
            assertThat(scratchFiles(dir.resolve("b"))).isEmpty();
        }
    }

    @Test
    void aDamagedUploadIsA500WithConsulsTextAndChangesNothing(@TempDir Path dir) throws Exception {
        try (StoreFixture a = new StoreFixture(dir.resolve("a"), false, AgentConfig.Limits.DEFAULTS)) {
            assertThat(a.http.put("/v1/kv/keep", "1").body()).isEqualTo("true");
            byte[] good = a.http.getBytes("/v1/snapshot").body();
            assertThat(a.http.put("/v1/kv/later", "2").body()).isEqualTo("true");

            HttpResponse<String> junk = a.http.put("/v1/snapshot", "not a snapshot");
            HttpResponse<String> cut = a.http.send("PUT", "/v1/snapshot", Arrays.copyOf(good, good.length - 40), null);

            assertThat(junk.statusCode()).isEqualTo(500);
            assertThat(junk.body()).isEqualTo("failed to decompress snapshot: gzip: invalid header");
            assertThat(cut.statusCode()).isEqualTo(500);
            assertThat(cut.body()).startsWith("failed to read snapshot file: ");
            assertThat(a.http.get("/v1/kv/?keys").body()).isEqualTo("[\"_fixture/ready\",\"keep\",\"later\"]");
            HttpResponse<String> delete = a.http.delete("/v1/snapshot");
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(delete.headers().firstValue("Allow")).hasValue("OPTIONS,GET,PUT");
        }
    }

    @Test
    void aRequestPipelinedBehindASaveIsAnsweredAfterIt(@TempDir Path dir) throws Exception {
        try (StoreFixture a = new StoreFixture(dir.resolve("a"), false, AgentConfig.Limits.DEFAULTS);
                java.net.Socket socket = new java.net.Socket("127.0.0.1", a.server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /v1/snapshot HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /v1/status/leader HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.DataInputStream in = new java.io.DataInputStream(
                    new java.io.BufferedInputStream(socket.getInputStream()));

            java.util.List<String> first = headers(in);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int n = Integer.parseInt(line(in), 16); n > 0; n = Integer.parseInt(line(in), 16)) {
                body.write(in.readNBytes(n));
                line(in);
            }
            line(in);
            java.util.List<String> second = headers(in);

            assertThat(first.get(0)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(first).contains("content-type: application/x-gzip", "transfer-encoding: chunked");
            assertThat(SnapshotArchive.read(new ByteArrayInputStream(body.toByteArray()), new ByteArrayOutputStream())
                    .index()).isPositive();
            assertThat(second.get(0)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(second).contains("content-type: application/json");
        }
    }

    /** The status line and the header lines (lower-cased) of one response, up to the blank line. */
    private static java.util.List<String> headers(java.io.DataInputStream in) throws Exception {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            lines.add(lines.isEmpty() ? l : l.toLowerCase(java.util.Locale.ROOT));
        }
        return lines;
    }

    private static String line(java.io.DataInputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed after: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Test
    void aClientAgentThatKnowsNoServerAnswersNoClusterLeader(@TempDir Path dir) throws Exception {
        AgentConfig dev = TestConfigs.dev(dir.toString(), AgentConfig.Limits.DEFAULTS);
        AgentConfig clientConfig = new AgentConfig(dev.nodeName(), dev.nodeId(), dev.datacenter(),
                dev.primaryDatacenter(), dev.dataDir(), false, false, 0, false, dev.bindAddr(), dev.clientAddrs(),
                dev.advertiseAddr(), dev.addresses(), dev.ports(), dev.logLevel(), dev.logFile(), false, dev.limits(),
                dev.domain(), dev.startJoin(), dev.retryJoin(), dev.retryInterval(), dev.retryMax(), false,
                dev.nodeMeta(), dev.raft());
        InProcessEventBus bus = new InProcessEventBus();
        {
            ServerForwardingStore store = new ServerForwardingStore(clientConfig, bus);
            HttpServer server = new HttpServer(clientConfig, store, null, null, null, null, null, null);
            server.start();
            try {
                TestClient http = new TestClient(server.port());
                HttpResponse<String> get = http.get("/v1/snapshot");
                HttpResponse<String> put = http.put("/v1/snapshot", "x".repeat(10_000));

                // It forwards snapshots to a server (SnapshotThroughClientIT); with none known, Consul's RPC text.
                assertThat(get.statusCode()).isEqualTo(500);
                assertThat(get.body()).isEqualTo("No cluster leader");
                assertThat(put.statusCode()).isEqualTo(500);
                assertThat(put.body()).isEqualTo("No cluster leader");
                // The connection stays usable after a refused upload.
                assertThat(http.get("/v1/agent/self").statusCode()).isEqualTo(200);
            } finally {
                server.close();
                store.close();
                bus.close();
            }
        }
    }

    private static java.util.List<Path> scratchFiles(Path dataDir) throws Exception {
        Path scratch = dataDir.resolve("snapshot-tmp");
        if (!Files.isDirectory(scratch)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(scratch)) {
            return s.toList();
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
