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
     * A write the leader refused before replicating it, in place of that write: a lock on a key still in
     * its lock delay (Consul's kvsPreApply). Applying it changes nothing and answers {@code result}
     * ({@code false} for a KV lock, a {@code TxnResult} with the errors for a transaction). It goes through
     * the log only so that the answer travels back on the write's own path (followers, client agents).
     */
    record PreApplyRefused(Object result) implements LogCommand {}

    /**
     * One step of a snapshot restore, encoded by {@code io.proconsul.raft.state.RestoreStep}: the
     * leader-side server that received the archive submits them in order.
     */
    record SnapshotRestore(byte[] step) implements LogCommand {}
}
