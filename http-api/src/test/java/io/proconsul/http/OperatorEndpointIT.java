package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/operator/*} over real sockets on an agent that reaches no server: request validation happens
 * first and answers with Consul's 400 texts; what passes it gets Consul's "No known Consul servers".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorEndpointIT {

    private HttpServer server;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = new HttpServer(TestConfigs.dev(dir.toString(), AgentConfig.Limits.DEFAULTS), null, null, null, null,
                null);
        server.start();
        http = new TestClient(server.port());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void removePeerNeedsExactlyOneOfIdAndAddress() throws Exception {
        HttpResponse<String> none = http.delete("/v1/operator/raft/peer");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).isEqualTo(
                "Must specify either ?id with the server's ID or ?address with IP:port of peer to remove");
        HttpResponse<String> both = http.delete("/v1/operator/raft/peer?id=a&address=127.0.0.1:8300");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).isEqualTo("Must specify only one of ?id or ?address");
        HttpResponse<String> ok = http.delete("/v1/operator/raft/peer?id=a");
        assertThat(ok.statusCode()).isEqualTo(500);
        assertThat(ok.body()).isEqualTo("No known Consul servers");
    }

    @Test
    void autopilotConfigurationPutValidatesBodyAndCas() throws Exception {
        HttpResponse<String> empty = http.put("/v1/operator/autopilot/configuration", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).isEqualTo("Error parsing autopilot config: EOF");
        HttpResponse<String> badType = http.put("/v1/operator/autopilot/configuration",
                "{\"CleanupDeadServers\": 1}");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).isEqualTo("Error parsing autopilot config: json: cannot unmarshal number into "
                + "Go struct field AutopilotConfiguration.CleanupDeadServers of type bool");
        HttpResponse<String> badCas = http.put("/v1/operator/autopilot/configuration?cas=x", "{}");
        assertThat(badCas.statusCode()).isEqualTo(400);
        assertThat(badCas.body())
                .isEqualTo("Error parsing cas value: strconv.ParseUint: parsing \"x\": invalid syntax");
    }

    @Test
    void readsWithoutAServerAnswerConsulsError() throws Exception {
        for (String path : new String[] {"/v1/operator/raft/configuration", "/v1/operator/autopilot/configuration",
            "/v1/operator/autopilot/health", "/v1/operator/autopilot/state"}) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(500);
            assertThat(r.body()).as(path).isEqualTo("No known Consul servers");
        }
        HttpResponse<String> otherDc = http.get("/v1/operator/raft/configuration?dc=elsewhere");
        assertThat(otherDc.body()).isEqualTo("No path to datacenter");
    }

    @Test
    void methodsAreConsuls() throws Exception {
        HttpResponse<String> r = http.put("/v1/operator/raft/configuration", "");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("OPTIONS,GET");
        assertThat(http.get("/v1/operator/raft/peer").headers().firstValue("Allow")).hasValue("OPTIONS,DELETE");
        assertThat(http.delete("/v1/operator/autopilot/configuration").headers().firstValue("Allow"))
                .hasValue("OPTIONS,GET,PUT");
    }
}
