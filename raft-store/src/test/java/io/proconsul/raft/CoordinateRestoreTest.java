package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.catalog.CoordinateEntry;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.CoordinateBatchUpdate;
import io.proconsul.core.store.CoordinateNodes;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blocking {@code /v1/coordinate} read waiting across a snapshot restore wakes at the restore (Consul's
 * abandoned state store), with the restored coordinate, instead of sleeping out its wait.
 */
class CoordinateRestoreTest {

    @TempDir
    Path dir;

    private final InProcessEventBus bus = new InProcessEventBus();
    private RaftStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        bus.close();
    }

    @Test
    void aBlockingCoordinateReadWakesAtARestore() throws Exception {
        store = new RaftStore(TestConfigs.dev(dir), bus);
        store.start();
        Poll.until(Duration.ofSeconds(20), () -> assertThat(store.leader()).isPresent());
        store.apply(new CatalogRegister("n1", "", "10.0.0.9", null, null, null, null, false)).get(10, TimeUnit.SECONDS);
        store.apply(new CoordinateBatchUpdate(List.of(at(0.002)))).get(10, TimeUnit.SECONDS);
        SnapshotStore.Saved early = store.save(QueryOptions.DEFAULT).get(30, TimeUnit.SECONDS);
        store.apply(new CoordinateBatchUpdate(List.of(at(0.003)))).get(10, TimeUnit.SECONDS);
        long now = store.query(new CoordinateNodes(), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).index();
        CompletableFuture<QueryResult<List<CoordinateEntry>>> waiting =
                store.query(new CoordinateNodes(), QueryOptions.DEFAULT.blocking(now, Duration.ofMinutes(1)));

        store.restore(early.file()).get(30, TimeUnit.SECONDS);

        // Well inside the minute the query would otherwise wait.
        QueryResult<List<CoordinateEntry>> woke = waiting.get(10, TimeUnit.SECONDS);
        assertThat(woke.value()).containsExactly(at(0.002));
        assertThat(woke.index()).isLessThan(now);
    }

    private static CoordinateEntry at(double x) {
        return new CoordinateEntry("n1", "", new Coordinate(new double[] {x, 0, 0, 0, 0, 0, 0, 0}, 0.3, 0, 1.0e-5));
    }
}
