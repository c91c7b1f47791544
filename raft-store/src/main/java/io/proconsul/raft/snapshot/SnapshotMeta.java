package io.proconsul.raft.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An archive's {@code meta.json}, with the fields of Raft's {@code SnapshotMeta} that {@code consul
 * snapshot inspect} prints. {@code Index} is the state's index as clients see it ({@code X-Consul-Index}
 * space, see docs/architecture.md "Snapshots"), {@code Size} the length of {@code state.bin}.
 *
 * @param version the snapshot format version: Raft's {@code SnapshotVersion} 1
 * @param id {@code <term>-<index>-<unix millis>}, as Raft names its snapshots
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotMeta(
        @JsonProperty("Version") int version,
        @JsonProperty("ID") String id,
        @JsonProperty("Index") long index,
        @JsonProperty("Term") long term,
        @JsonProperty("Size") long size) {

    /** Raft's SnapshotVersionMax, the version it writes. */
    public static final int VERSION = 1;

    /** The meta of a snapshot taken now at {@code term}/{@code index} with a {@code size}-byte state. */
    public static SnapshotMeta of(long term, long index, long size, long nowMillis) {
        return new SnapshotMeta(VERSION, term + "-" + index + "-" + nowMillis, index, term, size);
    }
}
