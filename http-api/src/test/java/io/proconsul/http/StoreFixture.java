package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.raft.RaftStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real single-server agent for ITs: a {@link RaftStore} in a temporary directory and an
 * {@link HttpServer} on an ephemeral port of 127.0.0.1, started in that order and closed in reverse.
 */
final class StoreFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final AgentConfig config;
    final InProcessEventBus bus = new InProcessEventBus();
    final RaftStore store;
    final HttpServer server;
    final TestClient http;

    StoreFixture(Path dataDir, boolean devMode, AgentConfig.Limits limits) throws Exception {
        AgentConfig dev = TestConfigs.dev(dataDir.toString(), limits);
        config = devMode ? dev : new AgentConfig(dev.nodeName(), dev.nodeId(), dev.datacenter(),
                dev.primaryDatacenter(), dev.dataDir(), true, true, 0, false, dev.bindAddr(), dev.clientAddrs(),
                dev.advertiseAddr(), dev.addresses(), dev.ports(), dev.logLevel(), dev.logFile(), false, limits,
                dev.domain(), dev.startJoin(), dev.retryJoin(), dev.retryInterval(), dev.retryMax(), false,
                dev.nodeMeta(), dev.raft());
        store = new RaftStore(config, bus);
        store.start();
        server = new HttpServer(config, store, null, null, null, null);
        try {
            server.start();
        } catch (Exception e) {
            store.close();
            throw e;
        }
        http = new TestClient(server.port());
        awaitLeader();
    }

    private void awaitLeader() throws Exception {
        Retry.untilPasses(Duration.ofSeconds(20), () -> {
            HttpResponse<String> r = http.get("/v1/status/leader");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).asText()).isNotEmpty();
            assertThat(http.put("/v1/kv/_fixture/ready", "1").body().trim()).isEqualTo("true");
        });
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        server.close();
        store.close();
        bus.close();
    }
}
