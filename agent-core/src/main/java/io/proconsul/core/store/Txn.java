package io.proconsul.core.store;

import io.proconsul.core.model.TxnResult;
import java.util.List;

/**
 * An all-or-nothing transaction of up to {@link #MAX_OPS} operations ({@code /v1/txn}). A transaction that
 * holds a write goes through Raft as this command; a read-only one is a {@link TxnRead} query instead.
 */
public record Txn(List<TxnOp> ops) implements Command<TxnResult> {

    /**
     * Consul's limit on operations in one transaction: 128 since Consul 1.14 (hashicorp/consul#14599), which
     * the Consul release this build matches includes; 64 before.
     */
    public static final int MAX_OPS = 128;

    public Txn {
        ops = List.copyOf(ops);
    }
}
