package io.proconsul.raft;

import io.proconsul.core.model.TxnError;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.Txn;
import io.proconsul.core.store.TxnOp;
import io.proconsul.raft.command.CommandCodec;
import io.proconsul.raft.command.CorruptCommandException;
import io.proconsul.raft.command.LogCommand;
import io.proconsul.raft.state.KvTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Consul's lock delay (agent/consul/state/delay.go and kvs_endpoint.go kvsPreApply): when a session's
 * invalidation releases or deletes a key it held, the key cannot be acquired again until the session's
 * {@code LockDelay} has passed, so that a lock holder that was cut off has time to notice before another
 * takes over.
 *
 * <p>Every server records the expiries in memory when it applies the invalidation ({@link #record}), so a
 * new leader has them; only the leader checks them, before a write is replicated ({@link #refusal}, called
 * from the state machine's {@code startTransaction}, which sees every write the leader accepts: its own,
 * followers' and client agents'). The times are this server's monotonic clock, from the moment it applied
 * the invalidation; like Consul's they are not replicated and a restart forgets them.
 *
 * <p>Thread-safe: recorded on the apply thread, checked on Ratis's request threads.
 */
final class LockDelays {

    /** Expired entries are dropped once the map grows past this, so that it never holds much garbage. */
    private static final int PRUNE_AT = 1024;

    /** Expired entries are also dropped at most this often, so that lapsed delays stop costing writes a decode. */
    private static final long PRUNE_EVERY_NANOS = 1_000_000_000L;

    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private volatile long lastPrune;

    LockDelays() {
        this(System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds (tests pass their own) */
    LockDelays(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Apply thread: each key becomes unacquirable for its delay in nanoseconds from now. */
    void record(Map<String, Long> delays) {
        if (delays.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        delays.forEach((key, nanos) -> expiries.merge(key, now + nanos, Math::max));
        if (expiries.size() > PRUNE_AT) {
            expiries.values().removeIf(at -> at - now <= 0);
        }
    }

    /** Whether {@code key} is still in its lock delay. */
    boolean delayed(String key) {
        Long at = expiries.get(key);
        if (at == null) {
            return false;
        }
        if (at - nanoClock.getAsLong() > 0) {
            return true;
        }
        expiries.remove(key, at);
        return false;
    }

    /**
     * Leader, before replicating the encoded write {@code command}: null to let it through, or the log
     * data of a {@link LogCommand.PreApplyRefused} to replicate instead. A KV {@code acquire} on a delayed
     * key answers {@code false}; a transaction with {@code lock} operations on delayed keys fails with
     * Consul's "failed to lock key %q due to lock delay" for each of them.
     */
    ByteString refusal(ByteString command) {
        if (expiries.isEmpty()) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (now - lastPrune > PRUNE_EVERY_NANOS) {
            lastPrune = now;
            expiries.values().removeIf(at -> at - now <= 0);
            if (expiries.isEmpty()) {
                return null;
            }
        }
        LogCommand decoded;
        try {
            decoded = CommandCodec.decode(command.toByteArray());
        } catch (CorruptCommandException e) {
            return null; // not ours to judge: applying it fails as it would have
        }
        if (!(decoded instanceof LogCommand.Client client)) {
            return null;
        }
        if (client.command() instanceof KvApply kv && kv.op().verb() == KvVerb.LOCK && delayed(kv.op().key())) {
            return ByteString.copyFrom(CommandCodec.encode(new LogCommand.PreApplyRefused(false)));
        }
        if (client.command() instanceof Txn txn) {
            List<TxnError> errors = txnErrors(txn.ops());
            if (!errors.isEmpty()) {
                return ByteString.copyFrom(
                        CommandCodec.encode(new LogCommand.PreApplyRefused(new TxnResult(List.of(), errors, 0))));
            }
        }
        return null;
    }

    private List<TxnError> txnErrors(List<TxnOp> ops) {
        List<TxnError> errors = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof KvOp op && op.verb() == KvVerb.LOCK && delayed(op.key())) {
                errors.add(new TxnError(i, "failed to lock key " + KvTable.quote(op.key()) + " due to lock delay"));
            }
        }
        return errors;
    }
}
