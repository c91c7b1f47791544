package io.proconsul.raft.command;

import io.proconsul.core.store.Command;
import java.util.Objects;

/**
 * What one Raft log entry carries: a client {@link Command} from agent-core, or an internal command the
 * leader issues on its own (such as reaping tombstones), which is not part of the public command set.
 */
public sealed interface LogCommand {

    /** A write submitted through {@code Store.apply}. */
    record Client(Command<?> command) implements LogCommand {
        public Client {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * Deletes KV tombstones at or below {@code reapIndex}: Consul's TombstoneRequest, which its leader
     * issues once tombstones are older than the tombstone TTL.
     */
    record ReapTombstones(long reapIndex) implements LogCommand {}

    /**
     * One step of a snapshot restore, encoded by {@code io.proconsul.raft.state.RestoreStep}: the
     * leader-side server that received the archive submits them in order.
     */
    record SnapshotRestore(byte[] step) implements LogCommand {}
}
