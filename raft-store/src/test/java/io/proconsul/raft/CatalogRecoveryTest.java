package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.ServiceNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The catalog survives a restart: from the state directory, or (when that is lost) from snapshot plus log. */
class CatalogRecoveryTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "state directory lost: {0}")
    @ValueSource(booleans = {false, true})
    void catalogAndServiceIndexesSurviveARestart(boolean loseState) throws Exception {
        QueryResult<List<ServiceEntry>> before;
        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.devWithSnapshotThreshold(dir, 10), bus)) {
            store.start();
            for (int i = 0; i < 12; i++) {
                store.apply(register("n" + i, "web" + i, "web")).get(10, TimeUnit.SECONDS);
            }
            store.apply(register("n0", "db0", "db")).get(10, TimeUnit.SECONDS);
            // KV writes after the last web change, so that the web index differs from the applied index.
            for (int i = 0; i < 12; i++) {
                store.apply(new KvApply(KvOp.set("k/" + i, new byte[] {1}, 0))).get(10, TimeUnit.SECONDS);
            }
            Poll.until(Duration.ofSeconds(10), () ->
                    assertThat(Long.parseLong(store.raftStats().get("last_snapshot_index"))).isPositive());
            before = store.query(new ServiceNodes("web"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        }
        assertThat(before.value()).hasSize(12);
        if (loseState) {
            deleteTree(dir.resolve("state"));
        }

        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.devWithSnapshotThreshold(dir, 10), bus)) {
            store.start();
            QueryResult<List<ServiceEntry>> after = Poll.result(Duration.ofSeconds(10),
                    () -> store.query(new ServiceNodes("web"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS));
            assertThat(after.value()).isEqualTo(before.value());
            assertThat(after.index()).isEqualTo(before.index());
            assertThat(after.value().get(0).checks()).extracting(HealthCheck::status)
                    .containsExactly(HealthStatus.PASSING);
        }
    }

    static CatalogRegister register(String node, String serviceId, String service) {
        NodeService s = new NodeService("", serviceId, service, List.of("t"), Map.of(), 80, "", Map.of(), null, false,
                0, 0);
        HealthCheck c = new HealthCheck("", serviceId + "-alive", "alive", HealthStatus.PASSING, "", "", serviceId,
                "", List.of(), "", "", "", 0, 0);
        return new CatalogRegister(node, "", "10.0.0.1", null, null, s, List.of(c), false);
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
