package io.proconsul.core.store;

/**
 * One operation of a {@code /v1/txn} request. Only KV operations exist so far; Consul's Node, Service,
 * Check and Session operations join this hierarchy with the catalog and session tables.
 */
public sealed interface TxnOp permits KvOp {

    /** Whether the operation changes state, so that a transaction holding one must go through Raft. */
    boolean isWrite();
}
