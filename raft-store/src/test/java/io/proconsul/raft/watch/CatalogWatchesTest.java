package io.proconsul.raft.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.raft.state.WriteTx;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Table and service watches (the executor runs inline here, so firing is visible at once). */
class CatalogWatchesTest {

    private final KeyWatches watches = new KeyWatches(Runnable::run);

    @Test
    void serviceWatchFiresForItsOwnServiceOnlyWhateverTheCase() {
        KeyWatches.Watch web = watches.service("Web");
        KeyWatches.Watch db = watches.service("db");
        watches.fire(change(Set.of("services"), Set.of("web")));
        assertThat(web.fired()).isDone();
        assertThat(db.fired()).isNotDone();
        assertThat(watches.size()).isEqualTo(1);
    }

    @Test
    void tableWatchOnSeveralTablesFiresOnceAndIsForgottenUnderEveryTable() {
        KeyWatches.Watch nodeInfo = watches.tables("nodes", "services");
        KeyWatches.Watch checks = watches.tables("checks");
        watches.fire(change(Set.of("nodes"), Set.of()));
        assertThat(nodeInfo.fired()).isDone();
        assertThat(checks.fired()).isNotDone();
        // Taken from "nodes", it no longer waits under "services" either.
        assertThat(watches.size()).isEqualTo(1);

        KeyWatches.Watch cancelled = watches.tables("nodes", "services");
        cancelled.cancel();
        assertThat(watches.size()).isEqualTo(1);
    }

    @Test
    void kvWritesDoNotWakeCatalogWatchesAndEverythingWakesAll() {
        KeyWatches.Watch web = watches.service("web");
        KeyWatches.Watch nodes = watches.tables("nodes");
        KeyWatches.Watch key = watches.key("k");
        watches.fire(new WriteTx.Changes(3, Set.of("kvs"), List.of("k"), List.of()));
        assertThat(web.fired()).isNotDone();
        assertThat(nodes.fired()).isNotDone();
        assertThat(key.fired()).isDone();

        KeyWatches.Watch prefix = watches.prefix("a/");
        watches.fire(WriteTx.Changes.everything(9));
        assertThat(web.fired()).isDone();
        assertThat(nodes.fired()).isDone();
        assertThat(prefix.fired()).isDone();
        assertThat(watches.size()).isZero();
    }

    private static WriteTx.Changes change(Set<String> tables, Set<String> services) {
        return new WriteTx.Changes(7, tables, List.of(), List.of(), services);
    }
}
