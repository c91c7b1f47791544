package io.proconsul.raft.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.catalog.CoordinateEntry;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.CoordinateBatchUpdate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consul's coordinates table at explicit Raft indexes (after agent/consul/state/coordinate_test.go). */
class CoordinateTableTest {

    @TempDir
    Path dir;

    private StateStore store;
    private CatalogTable catalog;
    private CoordinateTable coordinates;
    private final List<WriteTx.Changes> commits = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(dir);
        store.onCommit(commits::add);
        catalog = new CatalogTable(store);
        coordinates = new CoordinateTable(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static CoordinateEntry entry(String node, double x) {
        double[] vec = new double[Coordinate.DIMENSIONALITY];
        vec[0] = x;
        return new CoordinateEntry(node, "", new Coordinate(vec, 1.5, 0, 1.0e-5));
    }

    private void registerNode(long idx, String node) {
        catalog.ensureRegistration(idx, new CatalogRegister(node, "", "10.0.0." + idx, null, null, null, null, false));
    }

    @Test
    void updatesForUnknownNodesAreDroppedButTheIndexMoves() {
        assertThat(coordinates.coordinates().value()).isEmpty();
        assertThat(coordinates.coordinates().index()).isZero();

        coordinates.batchUpdate(3, List.of(entry("node1", 0.1), entry("node2", 0.2)));
        Indexed<List<CoordinateEntry>> all = coordinates.coordinates();
        assertThat(all.value()).isEmpty();
        assertThat(all.index()).isEqualTo(3);
        assertThat(commits.get(commits.size() - 1).tables()).contains(CoordinateTable.TABLE);
    }

    @Test
    void storesReplacesAndReadsByNode() {
        registerNode(1, "node1");
        registerNode(2, "node2");
        coordinates.batchUpdate(3, List.of(entry("node1", 0.1), entry("node2", 0.2)));
        assertThat(coordinates.coordinates().value()).containsExactly(entry("node1", 0.1), entry("node2", 0.2));
        assertThat(coordinates.coordinates().index()).isEqualTo(3);

        // A newer coordinate replaces the node's row; lookups by node fold case as the catalog does.
        coordinates.batchUpdate(4, List.of(entry("node1", 0.5)));
        Indexed<List<CoordinateEntry>> one = coordinates.coordinate("NODE1");
        assertThat(one.value()).containsExactly(entry("node1", 0.5));
        assertThat(one.index()).isEqualTo(4);
        assertThat(coordinates.coordinate("node3").value()).isEmpty();
        assertThat(coordinates.coordinates().value()).hasSize(2);
    }

    @Test
    void deletingANodeDeletesItsCoordinate() {
        registerNode(1, "node1");
        registerNode(2, "node2");
        coordinates.batchUpdate(3, List.of(entry("node1", 0.1), entry("node2", 0.2)));

        catalog.deleteNode(5, "node1");
        assertThat(coordinates.coordinates().value()).containsExactly(entry("node2", 0.2));
        assertThat(coordinates.coordinates().index()).isEqualTo(5);
        assertThat(commits.get(commits.size() - 1).tables()).contains(CoordinateTable.TABLE);

        // A node without a coordinate leaves the table (and its watchers) alone.
        registerNode(6, "node3");
        catalog.deleteNode(7, "node3");
        assertThat(coordinates.coordinates().index()).isEqualTo(5);
        assertThat(commits.get(commits.size() - 1).tables()).doesNotContain(CoordinateTable.TABLE);
    }

    @Test
    void appliesTheLogCommandInsideTheEntrysTransaction() {
        registerNode(1, "node1");
        try (WriteTx tx = store.begin(1, 2)) {
            assertThat(coordinates.apply(tx, new CoordinateBatchUpdate(List.of(entry("node1", 0.3))))).isTrue();
            store.commit(tx);
        }
        assertThat(coordinates.coordinate("node1").value()).containsExactly(entry("node1", 0.3));
        assertThat(store.appliedIndex()).isEqualTo(2);
    }
}
