package io.proconsul.raft.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.operator.AutopilotConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Autopilot settings at explicit Raft indexes: Consul's AutopilotSetConfig / AutopilotCASConfig. */
class AutopilotTableTest {

    @TempDir
    Path dir;

    private StateStore store;
    private AutopilotTable table;

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(dir);
        table = new AutopilotTable(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private boolean set(long index, AutopilotConfig c, long cas) {
        try (WriteTx tx = store.begin(1, index)) {
            boolean ok = table.set(tx, c, cas);
            store.commit(tx);
            return ok;
        }
    }

    private static AutopilotConfig config(int minQuorum) {
        return new AutopilotConfig(true, Duration.ofMillis(250), 100, minQuorum, Duration.ofSeconds(7), 99, 99);
    }

    @Test
    void setKeepsTheCreateIndexAndCasChecksTheModifyIndex() {
        assertThat(table.get()).isEmpty();
        assertThat(set(3, config(1), 5)).isFalse();
        assertThat(table.get()).isEmpty();
        // Nothing stored counts as ModifyIndex 0: how the leader stores the defaults only once.
        assertThat(set(4, config(1), 0)).isTrue();
        assertThat(table.get()).contains(new AutopilotConfig(true, Duration.ofMillis(250), 100, 1,
                Duration.ofSeconds(7), 4, 4));
        assertThat(set(5, config(2), 0)).isFalse();
        assertThat(set(6, config(2), 4)).isTrue();
        assertThat(set(7, config(3), -1)).isTrue();
        Optional<AutopilotConfig> now = table.get();
        assertThat(now).map(AutopilotConfig::minQuorum).contains(3);
        assertThat(now).map(AutopilotConfig::createIndex).contains(4L);
        assertThat(now).map(AutopilotConfig::modifyIndex).contains(7L);
    }

    @Test
    void aRefusedCasWritesNothing() {
        set(4, config(1), -1);
        long applied = store.appliedIndex();
        assertThat(set(9, config(2), 1)).isFalse();
        assertThat(table.get()).map(AutopilotConfig::modifyIndex).contains(4L);
        assertThat(store.appliedIndex()).isEqualTo(9).isGreaterThan(applied);
    }
}
