package io.proconsul.core.store;

import io.proconsul.core.model.TxnResult;
import java.util.List;

/**
 * A transaction made only of reads ({@code get}, {@code get-tree}, {@code check-*}): answered from the
 * state without Raft, honouring the consistency mode, as Consul does.
 */
public record TxnRead(List<TxnOp> ops) implements Query<TxnResult> {

    public TxnRead {
        ops = List.copyOf(ops);
        if (ops.stream().anyMatch(TxnOp::isWrite)) {
            throw new IllegalArgumentException("a read-only transaction holds a write");
        }
    }
}
