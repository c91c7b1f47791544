package io.proconsul.core.store;

import java.util.Arrays;
import java.util.Optional;

/**
 * Consul's KV operations (its {@code api.KVOp}), by their wire names as {@code /v1/txn} spells them.
 * The same verbs drive the single-key {@code /v1/kv} endpoint, as in Consul's {@code KVS.Apply}.
 */
public enum KvVerb {
    SET("set", true),
    DELETE("delete", true),
    DELETE_CAS("delete-cas", true),
    DELETE_TREE("delete-tree", true),
    CAS("cas", true),
    LOCK("lock", true),
    UNLOCK("unlock", true),
    GET("get", false),
    GET_TREE("get-tree", false),
    CHECK_INDEX("check-index", false),
    CHECK_SESSION("check-session", false),
    CHECK_NOT_EXISTS("check-not-exists", false);

    private final String wireName;
    private final boolean write;

    KvVerb(String wireName, boolean write) {
        this.wireName = wireName;
        this.write = write;
    }

    /** The name used on the wire, e.g. {@code "delete-tree"}. */
    public String wireName() {
        return wireName;
    }

    /** Whether the verb changes state and so must go through Raft. */
    public boolean isWrite() {
        return write;
    }

    public static Optional<KvVerb> fromWireName(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }
}
