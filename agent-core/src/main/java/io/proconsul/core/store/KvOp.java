package io.proconsul.core.store;

import java.util.Objects;

/**
 * One KV operation: the argument of {@link KvApply} and an element of {@link Txn}. Which fields matter
 * depends on the verb, as in Consul's {@code api.KVTxnOp}.
 *
 * @param key the key, or the prefix for {@code delete-tree} and {@code get-tree}
 * @param value the body for {@code set}, {@code cas} and {@code lock}; may be {@code null}
 * @param flags opaque unsigned 64-bit flags stored with {@code set}, {@code cas} and {@code lock}
 * @param index the expected ModifyIndex for {@code cas}, {@code delete-cas} and {@code check-index}
 *     (0 with {@code cas} means "only if the key does not exist")
 * @param session the session for {@code lock}, {@code unlock} and {@code check-session}; {@code ""} if none
 */
public record KvOp(KvVerb verb, String key, byte[] value, long flags, long index, String session) implements TxnOp {

    public KvOp {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(key, "key");
        session = session == null ? "" : session;
    }

    public static KvOp set(String key, byte[] value, long flags) {
        return new KvOp(KvVerb.SET, key, value, flags, 0, "");
    }

    public static KvOp cas(String key, byte[] value, long flags, long index) {
        return new KvOp(KvVerb.CAS, key, value, flags, index, "");
    }

    public static KvOp delete(String key) {
        return new KvOp(KvVerb.DELETE, key, null, 0, 0, "");
    }

    public static KvOp deleteCas(String key, long index) {
        return new KvOp(KvVerb.DELETE_CAS, key, null, 0, index, "");
    }

    public static KvOp deleteTree(String prefix) {
        return new KvOp(KvVerb.DELETE_TREE, prefix, null, 0, 0, "");
    }

    @Override
    public boolean isWrite() {
        return verb.isWrite();
    }
}
