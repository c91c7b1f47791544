package io.proconsul.core.store;

/**
 * A read of the replicated state. Queries are plain data, not callbacks, so that a client agent can send
 * them to a server and a blocking query can re-run them when its watch fires.
 *
 * <p>Each query defines the index its answer carries, following Consul: the ModifyIndex of a found key,
 * otherwise the highest index of the table or prefix (including deletions under it); never 0.
 *
 * @param <T> the answer's type
 */
public sealed interface Query<T> permits KvGet, KvList, KvKeys, TxnRead, CatalogNodes, CatalogServices, ServiceNodes,
        NodeInfo, NodeChecks, ServiceChecks, ChecksInState, CoordinateNodes, CoordinateNode, SessionInfo, SessionList,
        NodeSessions {}
