package io.proconsul.raft.state;

import io.proconsul.raft.snapshot.StateBin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes the whole state, every column family of {@link Tables#NAMES} in turn, from one consistent
 * RocksDB snapshot into a {@link StateBin} stream: the save half of {@code /v1/snapshot}. Generic over
 * the families, so a table added later is saved without a change here. Left out: the meta family's
 * bookkeeping of this server (the applied Raft index and term, the index offset, a restore's staging),
 * which a restore sets for itself.
 */
public final class StateExport {

    private StateExport() {}

    /**
     * What a save covered.
     *
     * @param index the state's index as clients see it (applied Raft index plus the index offset)
     * @param term the Raft term of the last applied entry
     */
    public record Exported(long index, long term, long records) {}

    /**
     * Streams the state to {@code out} (then {@link StateBin.Writer#finish()}es it). Runs on the caller's
     * thread under one snapshot; writers go on meanwhile.
     */
    public static Exported export(StateStore store, StateBin.Writer out) throws IOException {
        try {
            return store.read(view -> {
                try {
                    long[] applied = StateStore.appliedTermIndex(view);
                    long index = applied[1] + StateStore.indexOffset(view);
                    for (String name : Tables.NAMES) {
                        writeFamily(view, store, name, out);
                    }
                    return new Exported(index, applied[0], out.finish());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void writeFamily(ReadView view, StateStore store, String name, StateBin.Writer out)
            throws IOException {
        out.family(name);
        boolean meta = name.equals(Tables.META);
        view.scan(store.family(name), new byte[0], (key, value) -> {
            if (meta && isBookkeeping(key)) {
                return true;
            }
            try {
                out.record(key, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        });
    }

    /** Meta rows that belong to this server's replica rather than to the state: never saved or replaced. */
    static boolean isBookkeeping(byte[] metaKey) {
        return Arrays.equals(metaKey, StateStore.APPLIED_KEY) || Arrays.equals(metaKey, StateStore.OFFSET_KEY)
                || ReadView.startsWith(metaKey, StateStore.RESTORE_PREFIX);
    }
}
