package io.proconsul.raft.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One Raft entry of a snapshot restore (see {@link StateImport}): {@link Begin} clears any earlier staging
 * and names the restore, each {@link Chunk} stages a bounded run of records, {@link Commit} swaps the
 * staged state in, {@link Abort} drops it. Steps of a restore other than the one staged are ignored, so a
 * second restore supersedes the first. The encoded form is carried by {@code LogCommand.RestoreStep}.
 */
public sealed interface RestoreStep {

    /** The restore's ID, decided by the server that received the archive. */
    String id();

    record Begin(String id) implements RestoreStep {}

    /**
     * @param records {@code count} records, each: {@code u16} family name length and UTF-8 name,
     *     {@code u32} key length and key, {@code u32} value length and value
     */
    record Chunk(String id, int count, byte[] records) implements RestoreStep {}

    /**
     * @param records how many records the chunks staged in total: a mismatch fails the commit
     * @param index the archive's index ({@code meta.json} Index): writes after the restore get higher ones
     */
    record Commit(String id, long records, long index) implements RestoreStep {}

    record Abort(String id) implements RestoreStep {}

    /** The bytes of {@code step}; {@link #decode} reads them back. */
    static byte[] encode(RestoreStep step) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                step instanceof Chunk c ? c.records().length + 64 : 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(step instanceof Begin ? 1 : step instanceof Chunk ? 2 : step instanceof Commit ? 3 : 4);
            out.writeUTF(step.id());
            if (step instanceof Chunk c) {
                out.writeInt(c.count());
                out.writeInt(c.records().length);
                out.write(c.records());
            } else if (step instanceof Commit c) {
                out.writeLong(c.records());
                out.writeLong(c.index());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a step; throws {@link IllegalArgumentException} for bytes {@link #encode} did not write. */
    static RestoreStep decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int kind = in.readByte();
            String id = in.readUTF();
            RestoreStep step = switch (kind) {
                case 1 -> new Begin(id);
                case 2 -> {
                    int count = in.readInt();
                    int n = in.readInt();
                    if (n < 0 || n > in.available()) {
                        throw new IllegalArgumentException("bad restore chunk length " + n);
                    }
                    yield new Chunk(id, count, in.readNBytes(n));
                }
                case 3 -> new Commit(id, in.readLong(), in.readLong());
                case 4 -> new Abort(id);
                default -> throw new IllegalArgumentException("unknown restore step " + kind);
            };
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after restore step " + kind);
            }
            return step;
        } catch (IOException e) {
            throw new IllegalArgumentException("undecodable restore step: " + e.getMessage(), e);
        }
    }
}
