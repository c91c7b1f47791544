package io.proconsul.raft.state;

import io.proconsul.core.operator.AutopilotConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Autopilot's settings in the replicated state: one row of the meta column family, as Consul keeps them
 * in its {@code autopilot-config} table. Stored with the Raft index that created and last modified them.
 * Writes run on the apply thread inside the entry's {@link WriteTx}; reads on any thread.
 */
public final class AutopilotTable {

    /** Consul's table name; also what {@code TablesChanged} reports. */
    public static final String TABLE = "autopilot-config";

    private static final byte[] ROW = "autopilot/config".getBytes(StandardCharsets.UTF_8);
    private static final int SIZE = 1 + 8 + 8 + 4 + 8 + 8 + 8;

    private final StateStore store;

    public AutopilotTable(StateStore store) {
        this.store = store;
    }

    /** The stored settings, or empty when none were ever stored. */
    public Optional<AutopilotConfig> get() {
        return store.read(AutopilotTable::get);
    }

    private static Optional<AutopilotConfig> get(ReadView view) {
        byte[] raw = view.get(view.tables().meta(), ROW);
        return raw == null ? Optional.empty() : Optional.of(decode(raw));
    }

    /**
     * Consul's {@code AutopilotSetConfig}/{@code AutopilotCASConfig}: with {@code casIndex >= 0} only if the
     * stored ModifyIndex (0 when none is stored) equals it. Keeps the CreateIndex of earlier settings.
     */
    public boolean set(WriteTx tx, AutopilotConfig config, long casIndex) {
        Optional<AutopilotConfig> existing = get(tx);
        if (casIndex >= 0 && existing.map(AutopilotConfig::modifyIndex).orElse(0L) != casIndex) {
            return false;
        }
        long create = existing.map(AutopilotConfig::createIndex).orElse(tx.index());
        AutopilotConfig stored = new AutopilotConfig(config.cleanupDeadServers(), config.lastContactThreshold(),
                config.maxTrailingLogs(), config.minQuorum(), config.serverStabilizationTime(), create, tx.index());
        tx.put(tx.tables().meta(), ROW, encode(stored));
        tx.changedTable(TABLE);
        return true;
    }

    private static byte[] encode(AutopilotConfig c) {
        return ByteBuffer.allocate(SIZE)
                .put((byte) (c.cleanupDeadServers() ? 1 : 0))
                .putLong(c.lastContactThreshold().toNanos())
                .putLong(c.maxTrailingLogs())
                .putInt(c.minQuorum())
                .putLong(c.serverStabilizationTime().toNanos())
                .putLong(c.createIndex())
                .putLong(c.modifyIndex())
                .array();
    }

    private static AutopilotConfig decode(byte[] raw) {
        if (raw.length != SIZE) {
            throw new IllegalStateException("bad autopilot config row of " + raw.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        return new AutopilotConfig(b.get() == 1, Duration.ofNanos(b.getLong()), b.getLong(), b.getInt(),
                Duration.ofNanos(b.getLong()), b.getLong(), b.getLong());
    }
}
