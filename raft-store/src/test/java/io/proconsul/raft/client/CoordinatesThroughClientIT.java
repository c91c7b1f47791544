package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.catalog.CoordinateEntry;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.CoordinateBatchUpdate;
import io.proconsul.core.store.CoordinateNode;
import io.proconsul.core.store.CoordinateNodes;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client agent's coordinate: the update forwarded to the leader (as every agent's CoordinateSync writes),
 * the coordinate reads forwarded back, a blocking read woken by a later update, and the coordinate gone
 * with its node.
 */
class CoordinatesThroughClientIT {

    @TempDir
    Path dir;

    private ServerAndClient fixture;
    private ServerForwardingStore client;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerAndClient.start(dir);
        client = fixture.client;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static CoordinateEntry at(String node, double x) {
        return new CoordinateEntry(node, "", new Coordinate(new double[] {x, 0, 0, 0, 0, 0, 0, 0}, 0.3, 0, 1.0e-5));
    }

    @Test
    void updatesAndReadsGoThroughTheServers() throws Exception {
        client.apply(new CatalogRegister("client1", "", "10.0.0.9", null, null, null, null, false))
                .get(10, TimeUnit.SECONDS);
        assertThat(client.apply(new CoordinateBatchUpdate(List.of(at("client1", 0.002)))).get(10, TimeUnit.SECONDS))
                .isTrue();

        QueryResult<List<CoordinateEntry>> all = client.query(new CoordinateNodes(), QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS);
        assertThat(all.value()).containsExactly(at("client1", 0.002));
        QueryResult<List<CoordinateEntry>> direct = fixture.server.query(new CoordinateNodes(),
                QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(all.index()).isEqualTo(direct.index()).isPositive();

        CompletableFuture<QueryResult<List<CoordinateEntry>>> blocked = client.query(new CoordinateNode("CLIENT1"),
                QueryOptions.DEFAULT.blocking(all.index(), Duration.ofSeconds(60)));
        client.apply(new CoordinateBatchUpdate(List.of(at("client1", 0.003)))).get(10, TimeUnit.SECONDS);
        QueryResult<List<CoordinateEntry>> woken = blocked.get(10, TimeUnit.SECONDS);
        assertThat(woken.index()).isGreaterThan(all.index());
        assertThat(woken.value()).containsExactly(at("client1", 0.003));

        client.apply(CatalogDeregister.node("client1")).get(10, TimeUnit.SECONDS);
        assertThat(client.query(new CoordinateNodes(), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value())
                .isEmpty();
    }
}
