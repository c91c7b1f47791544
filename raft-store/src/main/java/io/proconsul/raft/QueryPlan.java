package io.proconsul.raft;

import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvKeys;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.TxnRead;
import io.proconsul.raft.state.Indexed;
import io.proconsul.raft.state.KvTable;
import io.proconsul.raft.state.StateStore;
import io.proconsul.raft.state.TxnDispatch;
import io.proconsul.raft.watch.KeyWatches;
import java.util.function.Function;

/**
 * How to answer one {@link Query}: the read against the state store and the watch that covers it (the
 * key of a {@code KvGet}, the prefix of a list; a read-only transaction watches the whole KV table).
 */
record QueryPlan<T>(Function<StateStore, Indexed<T>> read, Function<KeyWatches, KeyWatches.Watch> watch) {

    @SuppressWarnings("unchecked")
    static <T> QueryPlan<T> of(Query<T> query) {
        Object plan;
        if (query instanceof KvGet get) {
            plan = new QueryPlan<>(s -> new KvTable(s).kvGet(get.key()), w -> w.key(get.key()));
        } else if (query instanceof KvList list) {
            plan = new QueryPlan<>(s -> new KvTable(s).kvList(list.prefix()), w -> w.prefix(list.prefix()));
        } else if (query instanceof KvKeys keys) {
            plan = new QueryPlan<>(s -> new KvTable(s).kvListKeys(keys.prefix(), keys.separator()),
                    w -> w.prefix(keys.prefix()));
        } else {
            TxnRead txn = (TxnRead) query;
            plan = new QueryPlan<>(s -> {
                TxnResult r = new TxnDispatch(s).read(txn.ops());
                return new Indexed<>(r, r.index());
            }, w -> w.prefix(""));
        }
        return (QueryPlan<T>) plan;
    }
}
