package io.proconsul.core.userevent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One user event as Consul's HTTP API shows it (its {@code agent.UserEvent}): the {@code Payload} is written
 * as base64, or {@code null} when there is none, as Go writes a nil byte slice. {@code LTime} is the gossip
 * Lamport time at which this agent received it, 0 in the answer to a fire.
 *
 * <p>The payload array is shared, not copied: treat it as read-only.
 */
@JsonPropertyOrder({"ID", "Name", "Payload", "NodeFilter", "ServiceFilter", "TagFilter", "Version", "LTime"})
public record UserEvent(
        @JsonProperty("ID") String id,
        @JsonProperty("Name") String name,
        @JsonProperty("Payload") byte[] payload,
        @JsonProperty("NodeFilter") String nodeFilter,
        @JsonProperty("ServiceFilter") String serviceFilter,
        @JsonProperty("TagFilter") String tagFilter,
        @JsonProperty("Version") int version,
        @JsonProperty("LTime") long ltime) {

    /** The protocol version this agent writes and fully understands (Consul's {@code userEventMaxVersion}). */
    public static final int MAX_VERSION = 1;

    public UserEvent {
        id = id == null ? "" : id;
        name = name == null ? "" : name;
        payload = payload == null || payload.length == 0 ? null : payload;
        nodeFilter = nodeFilter == null ? "" : nodeFilter;
        serviceFilter = serviceFilter == null ? "" : serviceFilter;
        tagFilter = tagFilter == null ? "" : tagFilter;
    }

    /** What a caller asks to fire: no ID, version or time yet. */
    public static UserEvent request(String name, byte[] payload, String node, String service, String tag) {
        return new UserEvent("", name, payload, node, service, tag, 0, 0);
    }

    UserEvent withIdentity(String newId, int newVersion) {
        return new UserEvent(newId, name, payload, nodeFilter, serviceFilter, tagFilter, newVersion, ltime);
    }

    UserEvent withLTime(long t) {
        return new UserEvent(id, name, payload, nodeFilter, serviceFilter, tagFilter, version, t);
    }

    /**
     * Consul's {@code uuidToUint64}: the blocking index of an event listing is the XOR of the two 64-bit
     * halves of its last event's ID. Not monotonic; a waiter only looks for a different value.
     */
    public static long index(String uuid) {
        String lower = uuid.substring(0, 8) + uuid.substring(9, 13) + uuid.substring(14, 18);
        String upper = uuid.substring(19, 23) + uuid.substring(24, 36);
        return Long.parseUnsignedLong(lower, 16) ^ Long.parseUnsignedLong(upper, 16);
    }
}
