package io.proconsul.raft;

import io.proconsul.raft.snapshot.StateBin;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Packs records into the body of a restore chunk ({@code RestoreStep.Chunk}): {@code u16} family name
 * length and name, {@code u32} key length and key, {@code u32} value length and value. A chunk is full
 * once it reaches its byte budget; a single record larger than the budget makes a chunk of its own.
 * Not thread-safe.
 */
final class RestoreChunks {

    private final int budget;
    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;
    private int count;

    RestoreChunks(int budget) {
        this.budget = budget;
        this.bytes = new ByteArrayOutputStream(budget + (budget >> 3));
        this.out = new DataOutputStream(bytes);
    }

    /** Adds a record; true once the chunk is full and should be taken. */
    boolean add(StateBin.Entry e) {
        try {
            byte[] family = e.family().getBytes(StandardCharsets.UTF_8);
            out.writeShort(family.length);
            out.write(family);
            out.writeInt(e.key().length);
            out.write(e.key());
            out.writeInt(e.value().length);
            out.write(e.value());
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        count++;
        return bytes.size() >= budget;
    }

    int count() {
        return count;
    }

    /** The packed records so far; starts a new chunk. */
    byte[] take() {
        byte[] b = bytes.toByteArray();
        bytes.reset();
        count = 0;
        return b;
    }
}
