package io.proconsul.raft.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.raft.state.WriteTx;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which writes fire which watches (the executor runs inline here, so firing is visible at once). */
class KeyWatchesTest {

    private final KeyWatches watches = new KeyWatches(Runnable::run);

    @Test
    void keyWriteFiresTheKeyAndEveryPrefixOfItOnly() {
        KeyWatches.Watch key = watches.key("a/b/c");
        KeyWatches.Watch parent = watches.prefix("a/");
        KeyWatches.Watch root = watches.prefix("");
        KeyWatches.Watch sibling = watches.key("a/b/d");
        KeyWatches.Watch otherPrefix = watches.prefix("a/x");
        KeyWatches.Watch longer = watches.prefix("a/b/c/");

        watches.fire(keys("a/b/c"));

        assertThat(key.fired()).isDone();
        assertThat(parent.fired()).isDone();
        assertThat(root.fired()).isDone();
        assertThat(sibling.fired()).isNotDone();
        assertThat(otherPrefix.fired()).isNotDone();
        assertThat(longer.fired()).isNotDone();
        assertThat(watches.size()).isEqualTo(3);
    }

    @Test
    void deleteTreeFiresEverythingUnderAndAboveThePrefix() {
        KeyWatches.Watch under = watches.key("a/b/c");
        KeyWatches.Watch underPrefix = watches.prefix("a/b/");
        KeyWatches.Watch above = watches.prefix("a");
        KeyWatches.Watch beside = watches.key("a/c");

        watches.fire(new WriteTx.Changes(5, Set.of("kvs"), List.of(), List.of("a/b")));

        assertThat(under.fired()).isDone();
        assertThat(underPrefix.fired()).isDone();
        assertThat(above.fired()).isDone();
        assertThat(beside.fired()).isNotDone();
    }

    @Test
    void aWatchFiresOnceAndCancelForgetsIt() {
        KeyWatches.Watch w = watches.key("k");
        watches.fire(keys("k"));
        assertThat(watches.size()).isZero();
        KeyWatches.Watch cancelled = watches.key("k");
        cancelled.cancel();
        assertThat(watches.size()).isZero();
        watches.fire(keys("k"));
        assertThat(w.fired()).isDone();
        assertThat(cancelled.fired()).isNotDone();
    }

    private static WriteTx.Changes keys(String... keys) {
        return new WriteTx.Changes(1, Set.of("kvs"), List.of(keys), List.of());
    }
}
