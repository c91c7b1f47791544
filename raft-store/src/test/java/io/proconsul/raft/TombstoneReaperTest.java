package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader reaps tombstones once their TTL has passed, through a committed internal command. */
class TombstoneReaperTest {

    @TempDir
    Path dir;

    @Test
    void tombstonesAreReapedAfterTtlSoThePrefixFallsBackToTheTableIndex() throws Exception {
        try (InProcessEventBus bus = new InProcessEventBus();
                RaftStore store = new RaftStore(TestConfigs.dev(dir), bus,
                        new Tuning(Duration.ofSeconds(2), Duration.ofMillis(100), 0, 0))) {
            store.start();
            store.apply(new KvApply(KvOp.set("foo/a", new byte[] {1}, 0))).get(10, TimeUnit.SECONDS);
            store.apply(new KvApply(KvOp.delete("foo/a"))).get(10, TimeUnit.SECONDS);
            long deleted = store.query(new KvGet("foo/a"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).index();
            store.apply(new KvApply(KvOp.set("bar", new byte[] {1}, 0))).get(10, TimeUnit.SECONDS);
            KvEntry bar = store.query(new KvGet("bar"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS)
                    .value().orElseThrow();
            assertThat(bar.modifyIndex()).isGreaterThan(deleted);
            // Within the TTL, the tombstone holds the prefix's index below the table's.
            assertThat(store.query(new KvList("foo/"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).index())
                    .isEqualTo(deleted);
            Poll.until(Duration.ofSeconds(10), () -> assertThat(
                    store.query(new KvList("foo/"), QueryOptions.DEFAULT).join().index())
                    .isEqualTo(bar.modifyIndex()));
        }
    }
}
