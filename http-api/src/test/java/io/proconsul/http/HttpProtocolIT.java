package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP layer on a real socket where no request reaches the store: routing, 404/405/OPTIONS, Consul's
 * 400 and 413 texts, pipelining and keep-alive. Requests that need the store are in the store-backed ITs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpProtocolIT {

    private HttpServer server;
    private TestClient http;

    @BeforeAll
    void start() throws Exception {
        AgentConfig config = TestConfigs.dev("", new AgentConfig.Limits(1024, 8192, 200));
        // Store-free paths only: a store would be a second subject under test here.
        server = new HttpServer(config, null, null, null, null, null);
        server.start();
        http = new TestClient(server.port());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void unknownPathIs404WithConsulsHint() throws Exception {
        HttpResponse<String> r = http.get("/v1/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("Invalid URL path: not a recognized HTTP API endpoint\n");
        assertThat(http.get("/kv/foo").body())
                .isEqualTo("Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n");
    }

    @Test
    void rootShowsConsulsIndexText() throws Exception {
        HttpResponse<String> r = http.get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("Consul Agent: UI disabled.");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = http.send("POST", "/v1/kv/foo", "x");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("OPTIONS,GET,PUT,DELETE");
        assertThat(r.body()).isEqualTo("method POST not allowed");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void optionsListsMethods() throws Exception {
        HttpResponse<String> r = http.send("OPTIONS", "/v1/txn", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Allow")).hasValue("OPTIONS,PUT");
    }

    @Test
    void subtreeRootRedirects() throws Exception {
        HttpResponse<String> r = http.get("/v1/kv?recurse");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("/v1/kv/?recurse");
    }

    @Test
    void kvValueOverLimitIs413WithConsulsText() throws Exception {
        HttpResponse<String> r = http.put("/v1/kv/big", "x".repeat(1025));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("Request body(1025 bytes) too large, max size: 1024 bytes. See "
                + "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
    }

    @Test
    void txnOverLimitIs413() throws Exception {
        HttpResponse<String> r = http.put("/v1/txn", "[" + " ".repeat(9000) + "]");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("Request body(9002 bytes) too large, max size: 8192 bytes. See "
                + "https://www.consul.io/docs/agent/config/config-files#txn_max_req_len.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PUT | /v1/kv/ | 400 | Missing key name",
        "GET | /v1/kv/ | 400 | Missing key name",
        "DELETE | /v1/kv/ | 400 | Missing key name",
        "GET | /v1/kv/a?stale&consistent | 400 | Cannot specify ?stale with ?consistent, conflicting semantics.",
        "GET | /v1/kv/a?index=1&wait=10 | 400 | Invalid wait time",
        "GET | /v1/kv/a?index=abc | 400 | Invalid index",
        "GET | /v1/kv/a?dc=dc2 | 500 | No path to datacenter",
        "PUT | /v1/kv/a?flags=abc | 500 | strconv.ParseUint: parsing \"abc\": invalid syntax",
        "PUT | /v1/kv/a?cas=18446744073709551616 | 500 | strconv.ParseUint: parsing \"18446744073709551616\": value out of range",
        "GET | /v1/status/leader?dc=other | 500 | No path to datacenter",
        "PUT | /v1/txn | 400 | Failed to parse body: EOF",
        "GET | /v1/kv/a?ns=team | 400 | Invalid query parameter: \"ns\" - Namespaces are a Consul Enterprise feature",
        "PUT | /v1/kv/a?partition=p | 400 | Invalid query parameter: \"partition\" - Partitions are a Consul Enterprise feature",
    })
    void consulErrorTexts(String method, String path, int status, String body) throws Exception {
        HttpResponse<String> r = http.send(method, path, method.equals("GET") ? null : "");
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(body);
    }

    @Test
    void conflictingFlagsEchoTheQuery() throws Exception {
        HttpResponse<String> r = http.put("/v1/kv/a?release=s1&cas=5", "v");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Conflicting flags: cas=5&release=s1\n");
        HttpResponse<String> d = http.delete("/v1/kv/a?recurse&cas=5");
        assertThat(d.body()).isEqualTo("Conflicting flags: cas=5&recurse=\n");
    }

    @Test
    void txnUndecodableBodyIs400() throws Exception {
        HttpResponse<String> r = http.put("/v1/txn", "{\"KV\":{}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Failed to parse body: json: cannot unmarshal object into Go value of type api.TxnOps");
        HttpResponse<String> bad = http.put("/v1/txn", "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"k\",\"Value\":\"!!\"}}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("Failed to parse body: ");
        assertThat(http.put("/v1/txn", "[{").statusCode()).isEqualTo(400);
    }

    @Test
    void txnWithTooManyOpsIs413() throws Exception {
        String op = "{\"KV\":{\"Verb\":\"get\",\"Key\":\"k\"}}";
        String body = "[" + String.join(",", java.util.Collections.nCopies(129, op)) + "]";
        assertThat(body.length()).isLessThan(8192);
        HttpResponse<String> r = http.put("/v1/txn", body);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("Transaction contains too many operations (129 > 128)");
    }

    @Test
    void txnUnknownVerbRollsBackWith409() throws Exception {
        HttpResponse<String> r = http.put("/v1/txn", "[{\"KV\":{\"Verb\":\"get\",\"Key\":\"a\"}},"
                + "{\"kv\":{\"verb\":\"frobnicate\",\"key\":\"b\"}}]");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        // -dev pretty-prints, as Consul's dev agent does.
        assertThat(r.body()).isEqualTo("{\n    \"Results\": null,\n    \"Errors\": [\n        {\n"
                + "            \"OpIndex\": 1,\n            \"What\": \"unknown KV verb \\\"frobnicate\\\"\"\n"
                + "        }\n    ]\n}\n");
    }

    @Test
    void txnEmptyKeyFailsConsulsPreCheck() throws Exception {
        HttpResponse<String> r = http.put("/v1/txn?pretty", "[{\"KV\":{\"Verb\":\"frobnicate\",\"Key\":\"b\"}},"
                + "{\"KV\":{\"Verb\":\"set\",\"Key\":\"\"}},{\"KV\":{\"Verb\":\"delete-tree\",\"Key\":\"\"}}]");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("\"OpIndex\": 1,\n            \"What\": \"Must provide key\"")
                .doesNotContain("frobnicate").doesNotContain("\"OpIndex\": 2");
    }

    @Test
    void agentVersion() throws Exception {
        HttpResponse<String> r = http.get("/v1/agent/version");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("X-Consul-Default-Acl-Policy")).hasValue("allow");
        assertThat(r.body()).contains("\"HumanVersion\": \"" + io.proconsul.core.Version.CONSUL + "\"");
    }

    @Test
    void gzipWhenTheClientAcceptsIt() throws Exception {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/agent/version"))
                .header("Accept-Encoding", "gzip").build();
        HttpResponse<byte[]> gz = java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(http.get("/v1/agent/version").body());
        assertThat(http.get("/v1/agent/version").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String reqs = "GET /v1/agent/version HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "OPTIONS /v1/kv/a HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "PUT /v1/kv/ HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab";
            out.write(reqs.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = readAll(s.getInputStream());
            Matcher m = Pattern.compile("HTTP/1.1 (\\d{3})").matcher(all);
            StringBuilder codes = new StringBuilder();
            while (m.find()) {
                codes.append(m.group(1)).append(' ');
            }
            assertThat(codes.toString().trim()).isEqualTo("200 404 200 400");
            assertThat(all).contains("Invalid URL path: not a recognized HTTP API endpoint");
            assertThat(all).endsWith("Missing key name");
        }
    }

    @Test
    void manyPipelinedRequestsAreAllAnswered() throws Exception {
        int n = RequestHandler.MAX_PIPELINED * 3;
        StringBuilder reqs = new StringBuilder();
        for (int i = 0; i < n; i++) {
            reqs.append("GET /v1/agent/version HTTP/1.1\r\nHost: x\r\n").append(i == n - 1 ? "Connection: close\r\n" : "")
                    .append("\r\n");
        }
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            // Write from another thread: the server stops reading while its answers are unread.
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(reqs.toString().getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            String all = readAll(s.getInputStream());
            writer.join(10_000);
            assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(n + 1);
        }
    }

    @Test
    void malformedRequestIs400AndClosesTheConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /v1/agent/version HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String all = readAll(s.getInputStream());
            assertThat(all).startsWith("HTTP/1.1 400 ").contains("Connection: close").endsWith("400 Bad Request");
        }
    }

    @Test
    void malformedQueryIs500WithEmptyBody() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /v1/kv/a?x=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String all = readAll(s.getInputStream());
            assertThat(all).startsWith("HTTP/1.1 500 ").contains("Content-Length: 0");
        }
    }

    @Test
    void oversizedValueWithExpectContinueIsRefusedBeforeTheBodyIsSent() throws Exception {
        // A raw socket: JDK 17's HttpClient waits forever when Expect: 100-continue meets a final status.
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("PUT /v1/kv/big HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String all = readAll(s.getInputStream());
            assertThat(all).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue")
                    .endsWith("Request body(2000 bytes) too large, max size: 1024 bytes. See "
                            + "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
        }
    }

    @Test
    void aBusyPortFailsStartAndReleasesWhatItBound() {
        AgentConfig base = TestConfigs.dev();
        AgentConfig clash = new AgentConfig(base.nodeName(), base.nodeId(), base.datacenter(), base.primaryDatacenter(),
                base.dataDir(), true, true, 0, true, base.bindAddr(), java.util.List.of("127.0.0.1"),
                base.advertiseAddr(), base.addresses(), new AgentConfig.Ports(0, server.port(), -1, -1, 0, 0, 0),
                base.logLevel(), base.logFile(), false, base.limits(), base.domain(), base.startJoin(),
                base.retryJoin(), base.retryInterval(), base.retryMax(), false, base.nodeMeta(), base.raft());
        HttpServer second = new HttpServer(clash, null, null, null, null, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start).isInstanceOf(java.net.BindException.class)
                .hasMessage("listen tcp 127.0.0.1:" + server.port() + ": bind: address already in use");
        assertThat(second.port()).isEqualTo(-1);
        second.close();
    }

    @Test
    void connectionsPerClientAreLimited() throws Exception {
        AgentConfig base = TestConfigs.dev();
        AgentConfig two = new AgentConfig(base.nodeName(), base.nodeId(), base.datacenter(), base.primaryDatacenter(),
                base.dataDir(), true, true, 0, true, base.bindAddr(), base.clientAddrs(), base.advertiseAddr(),
                base.addresses(), base.ports(), base.logLevel(), base.logFile(), false,
                new AgentConfig.Limits(1024, 4096, 2), base.domain(), base.startJoin(), base.retryJoin(),
                base.retryInterval(), base.retryMax(), false, base.nodeMeta(), base.raft());
        HttpServer limited = new HttpServer(two, null, null, null, null, null);
        limited.start();
        try (Socket a = new Socket("127.0.0.1", limited.port()); Socket b = new Socket("127.0.0.1", limited.port())) {
            try (Socket c = new Socket("127.0.0.1", limited.port())) {
                c.setSoTimeout(10_000);
                assertThat(readAll(c.getInputStream())).isEqualTo("HTTP/1.1 429 Too Many Requests\r\n\r\n");
            }
            a.setSoTimeout(10_000);
            a.getOutputStream().write("GET /v1/agent/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(a.getInputStream())).startsWith("HTTP/1.1 200 OK");
        } finally {
            limited.close();
        }
    }

    @Test
    void aNegativePortDisablesTheApi() throws Exception {
        AgentConfig base = TestConfigs.dev();
        AgentConfig off = new AgentConfig(base.nodeName(), base.nodeId(), base.datacenter(), base.primaryDatacenter(),
                base.dataDir(), true, true, 0, true, base.bindAddr(), base.clientAddrs(), base.advertiseAddr(),
                base.addresses(), new AgentConfig.Ports(0, -1, -1, -1, 0, 0, 0), base.logLevel(), base.logFile(), false,
                base.limits(), base.domain(), base.startJoin(), base.retryJoin(), base.retryInterval(),
                base.retryMax(), false, base.nodeMeta(), base.raft());
        HttpServer disabled = new HttpServer(off, null, null, null, null, null);
        disabled.start();
        assertThat(disabled.port()).isEqualTo(-1);
        disabled.close();
    }

    @Test
    void listensOnEveryHttpAddress() throws Exception {
        AgentConfig base = TestConfigs.dev();
        AgentConfig two = new AgentConfig(base.nodeName(), base.nodeId(), base.datacenter(), base.primaryDatacenter(),
                base.dataDir(), true, true, 0, true, base.bindAddr(), java.util.List.of("127.0.0.1", "127.0.0.2"),
                base.advertiseAddr(), base.addresses(), base.ports(), base.logLevel(), base.logFile(), false,
                base.limits(), base.domain(), base.startJoin(), base.retryJoin(), base.retryInterval(),
                base.retryMax(), false, base.nodeMeta(), base.raft());
        HttpServer multi = new HttpServer(two, null, null, null, null, null);
        multi.start();
        try {
            for (String host : java.util.List.of("127.0.0.1", "127.0.0.2")) {
                try (Socket s = new Socket(host, multi.port())) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write("GET /v1/agent/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 200 OK");
                }
            }
        } finally {
            multi.close();
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) >= 0) {
            buf.write(b, 0, n);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keepAliveServesManyRequestsOnOneClient() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(http.get("/v1/agent/version").statusCode()).isEqualTo(200);
        }
    }
}
