package io.proconsul.core.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One session, Consul's {@code structs.Session}: the element of {@code /v1/session/info|node|list|renew}
 * answers. A session ties locks (KV entries acquired with {@code ?acquire}) to the health of a node and
 * checks; it is invalidated when one of its checks goes critical, its node leaves or fails, its TTL lapses
 * or it is destroyed, and then its locks are released or deleted according to {@link #behavior()}.
 *
 * @param id the session's UUID, generated before the create command is replicated
 * @param name a human-readable name, {@code ""} when none
 * @param node the node the session belongs to; it must be registered in the catalog
 * @param lockDelayNanos how long a key released by invalidation stays unacquirable, in nanoseconds (Consul's
 *     {@code time.Duration} is a number of nanoseconds on the wire: {@code 15000000000} for 15 s)
 * @param behavior {@code release} or {@code delete}, see {@link SessionBehavior}
 * @param ttl Consul's Go duration text ({@code "30s"}), {@code ""} for a session without TTL
 * @param nodeChecks node-level check IDs the session depends on ({@code serfHealth} by default); never null
 * @param serviceChecks service checks the session depends on; {@code null} (JSON {@code null}) when none, as
 *     Consul answers it
 */
@JsonPropertyOrder({"ID", "Name", "Node", "LockDelay", "Behavior", "TTL", "NodeChecks", "ServiceChecks",
        "CreateIndex", "ModifyIndex"})
public record Session(
        @JsonProperty("ID") String id,
        @JsonProperty("Name") String name,
        @JsonProperty("Node") String node,
        @JsonProperty("LockDelay") long lockDelayNanos,
        @JsonProperty("Behavior") String behavior,
        @JsonProperty("TTL") String ttl,
        @JsonProperty("NodeChecks") List<String> nodeChecks,
        @JsonProperty("ServiceChecks") List<ServiceCheck> serviceChecks,
        @JsonProperty("CreateIndex") long createIndex,
        @JsonProperty("ModifyIndex") long modifyIndex) {

    /** Consul's default lock delay, 15 s. */
    public static final long DEFAULT_LOCK_DELAY_NANOS = 15_000_000_000L;

    /** The check every session depends on unless told otherwise: the leader's gossip health check. */
    public static final String SERF_HEALTH = "serfHealth";

    public Session {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        node = node == null ? "" : node;
        behavior = behavior == null || behavior.isEmpty() ? SessionBehavior.RELEASE.wireName() : behavior;
        ttl = ttl == null ? "" : ttl;
        nodeChecks = nodeChecks == null ? List.of() : List.copyOf(nodeChecks);
        serviceChecks = serviceChecks == null || serviceChecks.isEmpty() ? null : List.copyOf(serviceChecks);
    }

    /** The same session carrying the Raft indexes it was stored at. */
    public Session withIndexes(long create, long modify) {
        return new Session(id, name, node, lockDelayNanos, behavior, ttl, nodeChecks, serviceChecks, create, modify);
    }

    /** The service checks as a list that is never null. */
    public List<ServiceCheck> serviceChecksOrEmpty() {
        return serviceChecks == null ? List.of() : serviceChecks;
    }
}
