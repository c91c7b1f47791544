package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.catalog.CoordinateSync;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.serf.SerfPool;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's coordinate sender end to end: a real LAN pool's coordinate written through a real RaftStore
 * and read back over {@code /v1/coordinate/node/<node>}; the sender's interval is cut to 50 ms.
 */
class CoordinateSyncIT {

    @Test
    void theLanCoordinateReachesTheCatalog(@TempDir Path dataDir) throws Exception {
        try (StoreFixture agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
                GossipPools pools = new GossipPools()) {
            String node = agent.config.nodeName();
            agent.catalogRegister("{\"Node\":\"" + node + "\",\"Address\":\"127.0.0.1\"}");
            SerfPool lan = pools.lan(node, true);
            Coordinate expected = lan.networkCoordinate().orElseThrow();
            assertThat(agent.http.get("/v1/coordinate/node/" + node).statusCode()).isEqualTo(404);

            try (CoordinateSync sync = new CoordinateSync(node, lan, agent.store, Duration.ofMillis(50))) {
                sync.start();
                Retry.untilPasses(Duration.ofSeconds(20), () -> {
                    HttpResponse<String> r = agent.http.get("/v1/coordinate/node/" + node);
                    assertThat(r.statusCode()).isEqualTo(200);
                    JsonNode coord = StoreFixture.json(r).get(0).get("Coord");
                    assertThat(coord.get("Vec")).hasSize(expected.vec().length);
                    assertThat(coord.get("Error").asDouble()).isEqualTo(expected.error());
                });
            }
        }
    }
}
