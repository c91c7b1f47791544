package io.proconsul.core.model;

import java.util.List;

/**
 * The outcome of a transaction: either every operation applied ({@code errors} empty, one result per
 * operation that returns one) or none did ({@code results} empty, the errors that caused the rollback).
 *
 * @param index the Raft index the transaction was applied at, or the state index a read-only transaction
 *     was answered from
 */
public record TxnResult(List<KvEntry> results, List<TxnError> errors, long index) {

    public TxnResult {
        results = List.copyOf(results);
        errors = List.copyOf(errors);
    }

    public boolean committed() {
        return errors.isEmpty();
    }
}
