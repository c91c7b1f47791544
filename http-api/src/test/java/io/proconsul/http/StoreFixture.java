package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.local.LocalAgent;
import io.proconsul.raft.RaftStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.kiwiproject.consul.Consul;

/**
 * A real single-server agent for ITs: a {@link RaftStore} in a temporary directory, optionally a
 * {@link LocalAgent} over it, and an {@link HttpServer} on an ephemeral port of 127.0.0.1, started in that
 * order and closed in reverse. Outside {@code devMode} the JSON is compact, as a production agent writes it.
 */
final class StoreFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final AgentConfig config;
    final InProcessEventBus bus = new InProcessEventBus();
    final RaftStore store;
    final LocalAgent local;
    final HttpServer server;
    final TestClient http;
    private Consul consul;

    StoreFixture(Path dataDir, boolean devMode, AgentConfig.Limits limits) throws Exception {
        this(dataDir, devMode, limits, false, null);
    }

    /**
     * With {@code localAgent}, a started {@link LocalAgent} serves {@code /v1/agent/service*} and
     * {@code /v1/agent/check*}; {@code reload} (may be null) is what {@code /v1/agent/reload} runs, given it.
     */
    StoreFixture(Path dataDir, boolean devMode, AgentConfig.Limits limits, boolean localAgent,
            Consumer<LocalAgent> reload) throws Exception {
        config = devMode ? TestConfigs.dev(dataDir.toString(), limits)
                : TestConfigs.server(dataDir.toString(), limits, true, 0);
        store = new RaftStore(config, bus);
        store.start();
        local = localAgent ? new LocalAgent(config, store) : null;
        if (local != null) {
            local.start();
        }
        server = new HttpServer(config, store, null, null, null, null, local,
                reload == null ? null : () -> reload.accept(local));
        try {
            server.start();
        } catch (Exception e) {
            if (local != null) {
                local.close();
            }
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

    /** {@code PUT /v1/catalog/register} of {@code body}, which must answer 200 {@code true}. */
    void catalogRegister(String body) throws Exception {
        HttpResponse<String> r = http.put("/v1/catalog/register", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("true");
    }

    /**
     * Registers {@code node} at 127.0.0.1 with a serfHealth check of {@code status} ({@code passing},
     * {@code critical}), as the leader's reconciler registers a gossip member; sessions on the node need it.
     */
    void serfHealth(String node, String status) throws Exception {
        catalogRegister("{\"Node\":\"" + node + "\",\"Address\":\"127.0.0.1\",\"Check\":{\"CheckID\":"
                + "\"serfHealth\",\"Name\":\"Serf Health Status\",\"Status\":\"" + status + "\"}}");
    }

    /** The kiwiproject Consul client, unchanged, pointed at this agent; made on first use, destroyed by close. */
    synchronized Consul consul() {
        if (consul == null) {
            consul = Consul.builder().withUrl("http://127.0.0.1:" + server.port()).build();
        }
        return consul;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (consul != null) {
                consul.destroy();
            }
        }
        server.close();
        if (local != null) {
            local.close();
        }
        store.close();
        bus.close();
    }
}
