package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.raft.RaftStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server waiting for {@code -bootstrap-expect=3} peers that never come: no Raft group, so reads and
 * writes answer Consul's 500 {@code No cluster leader} while the status endpoints still answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoLeaderIT {

    private InProcessEventBus bus;
    private RaftStore store;
    private HttpServer server;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        AgentConfig config = TestConfigs.server(dataDir.toString(), AgentConfig.Limits.DEFAULTS, false, 3);
        bus = new InProcessEventBus();
        store = new RaftStore(config, bus);
        store.start();
        server = new HttpServer(config, store, null, null, null, null);
        server.start();
        http = new TestClient(server.port());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void statusAnswersWithoutALeader() throws Exception {
        HttpResponse<String> r = http.get("/v1/status/leader");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("\"\"");
    }

    @Test
    void readsAndWritesAnswerNoClusterLeader() throws Exception {
        HttpResponse<String> get = http.get("/v1/kv/foo");
        assertThat(get.statusCode()).isEqualTo(500);
        assertThat(get.body()).isEqualTo("No cluster leader");
        HttpResponse<String> put = http.put("/v1/kv/foo", "bar");
        assertThat(put.statusCode()).isEqualTo(500);
        assertThat(put.body()).isEqualTo("No cluster leader");
    }

    @Test
    void agentSelfSaysNotLeader() throws Exception {
        HttpResponse<String> r = http.get("/v1/agent/self");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(StoreFixture.json(r).get("Stats").get("consul").get("leader").asText()).isEqualTo("false");
        assertThat(StoreFixture.json(r).get("Member").get("Tags").get("expect").asText()).isEqualTo("3");
    }
}
