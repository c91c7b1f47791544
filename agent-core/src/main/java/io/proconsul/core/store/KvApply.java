package io.proconsul.core.store;

import java.util.Objects;

/**
 * A single-key write through {@code /v1/kv}: completes with {@code true} when it applied and
 * {@code false} when a precondition ({@code cas}, {@code delete-cas}, {@code lock}) did not hold, which is
 * exactly the body Consul answers a PUT or DELETE with.
 */
public record KvApply(KvOp op) implements Command<Boolean> {

    public KvApply {
        Objects.requireNonNull(op, "op");
        if (!op.isWrite()) {
            throw new IllegalArgumentException("not a write verb: " + op.verb().wireName());
        }
    }
}
