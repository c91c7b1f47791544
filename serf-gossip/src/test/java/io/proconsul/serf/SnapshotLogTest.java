package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLogTest {

    @TempDir
    Path dir;

    @Test
    void replaysAliveMembersAndClocks() throws Exception {
        Path file = dir.resolve("serf/local.snapshot");
        try (SnapshotLog s = SnapshotLog.open(file, false)) {
            s.alive("a", "127.0.0.1:8301");
            s.alive("b", "127.0.0.2:8301");
            s.alive("c", "[::1]:8301");
            s.notAlive("b");
            s.clocks(12, 3, 4);
        }
        try (SnapshotLog s = SnapshotLog.open(file, false)) {
            assertThat(s.aliveNodes()).isEqualTo(Map.of("a", "127.0.0.1:8301", "c", "[::1]:8301"));
            assertThat(s.lastClock()).isEqualTo(12);
            assertThat(s.lastEventClock()).isEqualTo(3);
            assertThat(s.lastQueryClock()).isEqualTo(4);
        }
    }

    @Test
    void afterAGracefulLeaveNothingIsRejoinedUnlessAsked() throws Exception {
        Path file = dir.resolve("local.snapshot");
        try (SnapshotLog s = SnapshotLog.open(file, false)) {
            s.alive("a", "127.0.0.1:8301");
            s.clocks(5, 1, 1);
            s.leave();
        }
        try (SnapshotLog s = SnapshotLog.open(file, false)) {
            assertThat(s.aliveNodes()).isEmpty();
            assertThat(s.lastClock()).isZero();
        }
        try (SnapshotLog s = SnapshotLog.open(file, true)) {
            assertThat(s.aliveNodes()).containsKey("a");
            assertThat(s.lastClock()).isEqualTo(5);
        }
    }

    @Test
    void unknownAndMalformedRecordsAreSkipped() throws Exception {
        Path file = dir.resolve("local.snapshot");
        Files.writeString(file, "alive 127.0.0.1:1 a\nclock x\nbogus\nalive\nclock 7\n");
        try (SnapshotLog s = SnapshotLog.open(file, false)) {
            assertThat(s.aliveNodes()).containsOnlyKeys("a");
            assertThat(s.lastClock()).isEqualTo(7);
        }
    }

    @Test
    void aGrowingLogIsCompactedToItsLiveRecords() throws Exception {
        Path file = dir.resolve("local.snapshot");
        try (SnapshotLog s = SnapshotLog.open(file, false)) {
            for (int i = 0; i < 5000; i++) {
                s.alive("flapper", "127.0.0.1:" + (1000 + i % 2));
                s.notAlive("flapper");
                s.clocks(i, 1, 1);
                if (i % 100 == 0) {
                    s.flush();
                }
            }
            s.alive("stayer", "127.0.0.1:9");
            s.flush();
            assertThat(s.size()).isLessThan(128 * 1024);
        }
        assertThat(Files.size(file)).isLessThan(128 * 1024);
        try (SnapshotLog s = SnapshotLog.open(file, false)) {
            assertThat(s.aliveNodes()).isEqualTo(Map.of("stayer", "127.0.0.1:9"));
            assertThat(s.lastClock()).isEqualTo(4999);
        }
    }
}
