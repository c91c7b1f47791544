package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.raft.RaftStore;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Coord} of {@code /v1/agent/self}: the agent's LAN coordinate in serf's shape (Consul's
 * {@code AgentSelf} returns {@code cs[segment]}), on a real server with a real LAN pool.
 */
class AgentSelfCoordIT {

    @Test
    void coordIsTheLanPoolsCoordinate(@TempDir Path dataDir) throws Exception {
        AgentConfig config = TestConfigs.dev(dataDir.toString(), AgentConfig.Limits.DEFAULTS);
        try (GossipPools gossip = new GossipPools(); InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(config, bus)) {
            store.start();
            SerfPool lan = gossip.lan("node1", true);
            HttpServer server = new HttpServer(config, store, lan, null, null, null);
            server.start();
            try {
                JsonNode coord = StoreFixture.json(new TestClient(server.port()).get("/v1/agent/self")).get("Coord");
                Coordinate expected = lan.networkCoordinate().orElseThrow();
                assertThat(coord.isObject()).as("Coord: %s", coord).isTrue();
                assertThat(fieldNames(coord)).containsExactly("Vec", "Error", "Adjustment", "Height");
                assertThat(coord.get("Vec")).hasSize(Coordinate.DIMENSIONALITY);
                // A lone agent's coordinate stays at serf's initial one, so the two reads agree.
                assertThat(coord.get("Error").asDouble()).isEqualTo(expected.error());
                assertThat(coord.get("Height").asDouble()).isEqualTo(expected.height());
                assertThat(coord.get("Adjustment").asDouble()).isEqualTo(expected.adjustment());
            } finally {
                server.close();
            }
        }
    }

    private static java.util.List<String> fieldNames(JsonNode n) {
        java.util.List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
