package io.proconsul.raft;

import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.CatalogServices;
import io.proconsul.core.store.ChecksInState;
import io.proconsul.core.store.CoordinateNode;
import io.proconsul.core.store.CoordinateNodes;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvKeys;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.ServiceChecks;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.core.store.NodeSessions;
import io.proconsul.core.store.SessionInfo;
import io.proconsul.core.store.SessionList;
import io.proconsul.core.store.TxnRead;
import io.proconsul.raft.state.CatalogTable;
import io.proconsul.raft.state.CoordinateTable;
import io.proconsul.raft.state.Indexed;
import io.proconsul.raft.state.KvTable;
import io.proconsul.raft.state.SessionTable;
import io.proconsul.raft.state.StateStore;
import io.proconsul.raft.state.TxnDispatch;
import io.proconsul.raft.watch.KeyWatches;
import java.util.function.Function;

/**
 * How to answer one {@link Query}: the read against the state store and the watch that covers it. KV
 * reads watch their key or prefix (a read-only transaction the whole KV table); catalog reads watch the
 * tables their index comes from, except {@link ServiceNodes}, which watches its service's own index so
 * that writes to other services do not wake it. Coordinate reads watch the coordinates table, session
 * reads the sessions table.
 */
record QueryPlan<T>(Function<StateStore, Indexed<T>> read, Function<KeyWatches, KeyWatches.Watch> watch) {

    static final String NODES = "nodes";
    static final String SERVICES = "services";
    static final String CHECKS = "checks";
    /** Consul's table name; session reads watch it whole, as Consul's session reads do. */
    static final String SESSIONS = "sessions";

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
        } else if (query instanceof TxnRead txn) {
            plan = new QueryPlan<>(s -> {
                TxnResult r = new TxnDispatch(s).read(txn.ops());
                return new Indexed<>(r, r.index());
            }, w -> w.prefix(""));
        } else if (query instanceof CoordinateNodes) {
            plan = new QueryPlan<>(s -> new CoordinateTable(s).coordinates(), w -> w.tables(CoordinateTable.TABLE));
        } else if (query instanceof CoordinateNode cn) {
            plan = new QueryPlan<>(s -> new CoordinateTable(s).coordinate(cn.node()),
                    w -> w.tables(CoordinateTable.TABLE));
        } else if (query instanceof SessionInfo si) {
            plan = new QueryPlan<>(s -> new SessionTable(s).info(si.id()), w -> w.tables(SESSIONS));
        } else if (query instanceof SessionList) {
            plan = new QueryPlan<>(s -> new SessionTable(s).list(), w -> w.tables(SESSIONS));
        } else if (query instanceof NodeSessions ns) {
            plan = new QueryPlan<>(s -> new SessionTable(s).nodeSessions(ns.node()), w -> w.tables(SESSIONS));
        } else {
            plan = catalog(query);
        }
        return (QueryPlan<T>) plan;
    }

    private static QueryPlan<?> catalog(Query<?> query) {
        if (query instanceof CatalogNodes) {
            return new QueryPlan<>(s -> new CatalogTable(s).nodes(), w -> w.tables(NODES));
        }
        if (query instanceof CatalogServices) {
            return new QueryPlan<>(s -> new CatalogTable(s).services(), w -> w.tables(SERVICES));
        }
        if (query instanceof ServiceNodes sn) {
            return new QueryPlan<>(s -> new CatalogTable(s).serviceNodes(sn.service()), w -> w.service(sn.service()));
        }
        if (query instanceof NodeInfo ni) {
            return new QueryPlan<>(s -> new CatalogTable(s).nodeInfo(ni.node()), w -> w.tables(NODES, SERVICES));
        }
        if (query instanceof NodeChecks nc) {
            return new QueryPlan<>(s -> new CatalogTable(s).nodeChecks(nc.node()), w -> w.tables(CHECKS));
        }
        if (query instanceof ServiceChecks sc) {
            return new QueryPlan<>(s -> new CatalogTable(s).serviceChecks(sc.service()), w -> w.tables(CHECKS));
        }
        ChecksInState cs = (ChecksInState) query;
        return new QueryPlan<>(s -> new CatalogTable(s).checksInState(cs.state()), w -> w.tables(CHECKS));
    }
}
