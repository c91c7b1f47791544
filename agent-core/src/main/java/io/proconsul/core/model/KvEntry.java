package io.proconsul.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key/value entry, Consul's {@code DirEntry}: the element of {@code GET /v1/kv/<key>} answers and of
 * {@code /v1/txn} results.
 *
 * <p>The JSON field order is Consul's. {@code Value} is base64 (Jackson's encoding of {@code byte[]}) and
 * {@code null} for an entry stored without a body; {@code Session} is left out when empty, as Consul's
 * {@code omitempty}. {@code Flags} is an unsigned 64-bit number on the wire.
 *
 * @param lockIndex how many times a session has acquired this key
 * @param value the raw bytes; {@code null} when the entry was written with no body
 * @param session the holding session's ID, or {@code ""} when unlocked; never {@code null}
 */
@JsonPropertyOrder({"LockIndex", "Key", "Flags", "Value", "Session", "CreateIndex", "ModifyIndex"})
public record KvEntry(
        @JsonProperty("LockIndex") long lockIndex,
        @JsonProperty("Key") String key,
        @JsonProperty("Flags") @JsonSerialize(using = UnsignedLongSerializer.class)
                @JsonDeserialize(using = UnsignedLongDeserializer.class) long flags,
        @JsonProperty("Value") byte[] value,
        @JsonProperty("Session") @JsonInclude(JsonInclude.Include.NON_EMPTY) String session,
        @JsonProperty("CreateIndex") long createIndex,
        @JsonProperty("ModifyIndex") long modifyIndex) {

    public KvEntry {
        Objects.requireNonNull(key, "key");
        session = session == null ? "" : session;
    }

    /** The same entry without its value, as txn results for {@code check-*} verbs report it. */
    public KvEntry withoutValue() {
        return new KvEntry(lockIndex, key, flags, null, session, createIndex, modifyIndex);
    }

    @JsonIgnore
    public boolean isLocked() {
        return !session.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvEntry e
                && lockIndex == e.lockIndex
                && flags == e.flags
                && createIndex == e.createIndex
                && modifyIndex == e.modifyIndex
                && key.equals(e.key)
                && session.equals(e.session)
                && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, modifyIndex, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "KvEntry[" + key + " create=" + createIndex + " modify=" + modifyIndex + " lock=" + lockIndex
                + " flags=" + Long.toUnsignedString(flags) + " session=" + session
                + " value=" + (value == null ? "null" : value.length + "B") + "]";
    }
}
