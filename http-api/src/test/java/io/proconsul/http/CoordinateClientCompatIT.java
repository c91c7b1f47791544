package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.model.coordinate.Coordinate;
import org.kiwiproject.consul.model.coordinate.Datacenter;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.option.ImmutableQueryOptions;

/**
 * A real Consul Java client (kiwiproject consul-client), unchanged, on {@code /v1/coordinate/*} and
 * {@code ?near}: it decodes our coordinates and sends {@code near} as Consul expects. The coordinates are
 * written over {@code PUT /v1/coordinate/update}, which that client does not offer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoordinateClientCompatIT {

    private final GossipServer agent = new GossipServer();
    private TestClient http;
    private Consul consul;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent.start(dataDir);
        http = new TestClient(agent.port());
        consul = Consul.builder().withUrl("http://127.0.0.1:" + agent.port()).build();
        double x = 0.004;
        for (String node : List.of("far", "mid", "near")) {
            Retry.untilPasses(java.time.Duration.ofSeconds(20), () -> assertThat(http.put("/v1/catalog/register",
                    "{\"Node\":\"" + node + "\",\"Address\":\"10.5.0.1\",\"Service\":{\"Service\":\"api\"}}")
                    .statusCode()).isEqualTo(200));
            assertThat(http.put("/v1/coordinate/update", "{\"Node\":\"" + node + "\",\"Coord\":{\"Vec\":[" + x
                    + ",0,0,0,0,0,0,0],\"Error\":0.25,\"Adjustment\":0.0001,\"Height\":0.00001}}").statusCode())
                    .isEqualTo(200);
            x /= 2;
        }
    }

    @AfterAll
    void stop() {
        if (consul != null) {
            consul.destroy();
        }
        agent.close();
    }

    @Test
    void nodesAndDatacentersDecode() {
        List<Coordinate> nodes = consul.coordinateClient().getNodes();
        assertThat(nodes).extracting(Coordinate::getNode).containsExactly("far", "mid", "near");
        Coordinate far = nodes.get(0);
        assertThat(far.getCoord().getVec()).hasSize(8).startsWith(0.004);
        assertThat(far.getCoord().getError()).isEqualTo(0.25);
        assertThat(far.getCoord().getAdjustment()).isEqualTo(0.0001);
        assertThat(far.getCoord().getHeight()).isEqualTo(0.00001);

        List<Datacenter> dcs = consul.coordinateClient().getDatacenters();
        assertThat(dcs).extracting(Datacenter::getDatacenter).containsExactly("dc1");
        assertThat(dcs.get(0).getCoordinates()).hasSize(1);
        assertThat(dcs.get(0).getCoordinates().get(0).getCoord().getVec()).hasSize(8);
    }

    @Test
    void nearOrdersHealthAnswersByRoundTrip() {
        List<ServiceHealth> fromNear = consul.healthClient().getAllServiceInstances("api",
                ImmutableQueryOptions.builder().near("near").build()).getResponse();
        assertThat(fromNear).extracting(h -> h.getNode().getNode()).containsExactly("near", "mid", "far");
        List<ServiceHealth> fromFar = consul.healthClient().getAllServiceInstances("api",
                ImmutableQueryOptions.builder().near("far").build()).getResponse();
        assertThat(fromFar).extracting(h -> h.getNode().getNode()).containsExactly("far", "mid", "near");
    }
}
