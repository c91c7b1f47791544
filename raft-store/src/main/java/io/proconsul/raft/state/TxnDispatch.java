package io.proconsul.raft.state;

import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnError;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.TxnOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code /v1/txn} operations as Consul's state/txn.go does: every operation runs (so all errors
 * are reported, each with its position), and if any failed the whole batch is dropped, leaving no trace
 * and consuming no table index. Results: {@code get} gives the entry with its value, {@code get-tree}
 * the entries under the prefix, the other verbs that name an entry give it without its value, deletes
 * give nothing.
 */
public final class TxnDispatch {

    private final StateStore store;

    public TxnDispatch(StateStore store) {
        this.store = store;
    }

    /** Applies {@code ops} inside {@code tx} (the transaction's Raft entry), rolling it back on any error. */
    public TxnResult apply(WriteTx tx, List<TxnOp> ops) {
        List<KvEntry> results = new ArrayList<>();
        List<TxnError> errors = new ArrayList<>();
        run(tx, tx, ops, results, errors);
        if (!errors.isEmpty()) {
            tx.rollback();
            return new TxnResult(List.of(), errors, tx.index());
        }
        return new TxnResult(results, List.of(), tx.index());
    }

    /** Answers a read-only transaction from one consistent snapshot. */
    public TxnResult read(List<TxnOp> ops) {
        return store.read(view -> {
            List<KvEntry> results = new ArrayList<>();
            List<TxnError> errors = new ArrayList<>();
            run(view, null, ops, results, errors);
            long index = KvTable.maxIndex(view);
            return errors.isEmpty() ? new TxnResult(results, List.of(), index) : new TxnResult(List.of(), errors, index);
        });
    }

    private static void run(ReadView view, WriteTx tx, List<TxnOp> ops, List<KvEntry> results, List<TxnError> errors) {
        for (int i = 0; i < ops.size(); i++) {
            TxnOp op = ops.get(i);
            try {
                if (!(op instanceof KvOp kv)) {
                    throw new KvOpException("no operation specified");
                }
                results.addAll(kvOp(view, tx, kv));
            } catch (KvOpException e) {
                errors.add(new TxnError(i, e.getMessage()));
            }
        }
    }

    /** Consul's txnKVS for one operation; failures throw {@link KvOpException} with Consul's text. */
    private static List<KvEntry> kvOp(ReadView view, WriteTx tx, KvOp op) {
        String key = op.key();
        String q = KvTable.quote(key);
        if (op.isWrite() && tx == null) {
            throw new KvOpException("cannot run " + op.verb().wireName() + " in a read-only transaction");
        }
        return switch (op.verb()) {
            case SET -> stripped(KvTable.setInBatch(tx, key, op.value(), op.flags()));
            case DELETE -> {
                KvTable.deleteInBatch(tx, key);
                yield List.of();
            }
            case DELETE_CAS -> {
                if (!KvTable.deleteCasInBatch(tx, key, op.index())) {
                    throw new KvOpException("failed to delete key " + q + ", index is stale");
                }
                yield List.of();
            }
            case DELETE_TREE -> {
                KvTable.deleteTreeInBatch(tx, key);
                yield List.of();
            }
            case CAS -> stripped(orFail(KvTable.setCasInBatch(tx, key, op.value(), op.flags(), op.index()),
                    "failed to set key " + q + ", index is stale"));
            case LOCK -> stripped(orFail(KvTable.lockInBatch(tx, key, op.value(), op.flags(), op.session()),
                    "failed to lock key " + q + ", lock is already held"));
            case UNLOCK -> stripped(orFail(KvTable.unlockInBatch(tx, key, op.value(), op.flags(), op.session()),
                    "failed to unlock key " + q + ", lock isn't held, or is held by another session"));
            case GET -> List.of(orFail(KvTable.find(view, key), "key " + q + " doesn't exist"));
            case GET_TREE -> KvTable.list(view, key).value();
            case CHECK_INDEX -> stripped(checkIndex(view, key, op.index()));
            case CHECK_SESSION -> stripped(checkSession(view, key, op.session()));
            case CHECK_NOT_EXISTS -> {
                if (KvTable.find(view, key) != null) {
                    throw new KvOpException("key " + q + " exists");
                }
                yield List.of();
            }
        };
    }

    private static KvEntry checkIndex(ReadView view, String key, long index) {
        KvEntry e = orFail(KvTable.find(view, key), "failed to check index, key " + KvTable.quote(key) + " doesn't exist");
        if (e.modifyIndex() != index) {
            throw new KvOpException("failed index check for key " + KvTable.quote(key) + ", current modify index "
                    + e.modifyIndex() + " != " + index);
        }
        return e;
    }

    private static KvEntry checkSession(ReadView view, String key, String session) {
        KvEntry e = orFail(KvTable.find(view, key),
                "failed to check session, key " + KvTable.quote(key) + " doesn't exist");
        if (!e.session().equals(session)) {
            throw new KvOpException("failed session check for key " + KvTable.quote(key) + ", current session "
                    + KvTable.quote(e.session()) + " != " + KvTable.quote(session));
        }
        return e;
    }

    private static KvEntry orFail(KvEntry e, String message) {
        if (e == null) {
            throw new KvOpException(message);
        }
        return e;
    }

    private static List<KvEntry> stripped(KvEntry e) {
        return List.of(e.withoutValue());
    }
}
