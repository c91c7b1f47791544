package io.proconsul.core.store;

/**
 * A state change: everything that writes goes through Raft as one of these, so every server applies the
 * same commands in the same order. Anything that depends on the clock, randomness or which server leads
 * is decided before the command is built (Consul's {@code kvsPreApply}), never during apply.
 *
 * @param <R> what {@link Store#apply} completes with
 */
public sealed interface Command<R> permits KvApply, Txn, AutopilotSetConfig, CatalogRegister, CatalogDeregister,
        CoordinateBatchUpdate, SessionCreate, SessionDestroy, SessionRenew {}
