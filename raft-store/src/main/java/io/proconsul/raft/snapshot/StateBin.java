package io.proconsul.raft.snapshot;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Our {@code state.bin}: the records of every column family of the state store, family by family, in key
 * order. Consul's {@code state.bin} is its FSM's msgpack stream; ours carries raw RocksDB records, so an
 * archive moves between Proconsul agents (of a release that knows the families) but not to or from Consul.
 *
 * <p>Layout: the magic {@code PCSTATE1}, then tagged items: {@code 1} a family ({@code u16} length and
 * UTF-8 name), {@code 2} a record of the last family ({@code u32} key length, key, {@code u32} value
 * length, value), {@code 0} the end, followed by the record count as a {@code u64}. A stream that ends
 * elsewhere, or whose count differs, is truncated and refused.
 */
public final class StateBin {

    static final byte[] MAGIC = "PCSTATE1".getBytes(StandardCharsets.US_ASCII);
    private static final int TAG_END = 0;
    private static final int TAG_FAMILY = 1;
    private static final int TAG_RECORD = 2;
    /** No RocksDB key or value of ours comes near this; a larger length means a corrupt stream. */
    static final int MAX_FIELD = 512 << 20;

    private StateBin() {}

    /** One record as read back. */
    public record Entry(String family, byte[] key, byte[] value) {}

    /** Streams records out. Not thread-safe; {@link #finish()} once, then close the underlying stream. */
    public static final class Writer {
        private final DataOutputStream out;
        private long records;
        private String family;

        public Writer(OutputStream out) throws IOException {
            this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            this.out.write(MAGIC);
        }

        /** Starts the records of {@code name}; families may not repeat. */
        public void family(String name) throws IOException {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            out.writeByte(TAG_FAMILY);
            out.writeShort(b.length);
            out.write(b);
            family = name;
        }

        public void record(byte[] key, byte[] value) throws IOException {
            if (family == null) {
                throw new IllegalStateException("record before any family");
            }
            out.writeByte(TAG_RECORD);
            out.writeInt(key.length);
            out.write(key);
            out.writeInt(value.length);
            out.write(value);
            records++;
        }

        /** Writes the end marker and flushes; returns the number of records written. */
        public long finish() throws IOException {
            out.writeByte(TAG_END);
            out.writeLong(records);
            out.flush();
            return records;
        }
    }

    /** Reads records back in order. Not thread-safe; the caller closes the underlying stream. */
    public static final class Reader {
        private final DataInputStream in;
        private String family;
        private long records;
        private boolean ended;

        public Reader(InputStream in) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
            byte[] magic = new byte[MAGIC.length];
            readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new SnapshotFormatException("state.bin is not a Proconsul state stream");
            }
        }

        /** The next record, or {@code null} after the end marker (whose count it has checked). */
        public Entry next() throws IOException {
            while (!ended) {
                int tag = in.read();
                switch (tag) {
                    case TAG_FAMILY -> {
                        byte[] name = new byte[in.readUnsignedShort()];
                        readFully(name);
                        family = new String(name, StandardCharsets.UTF_8);
                    }
                    case TAG_RECORD -> {
                        if (family == null) {
                            throw new SnapshotFormatException("state.bin: record before any family");
                        }
                        byte[] key = field();
                        byte[] value = field();
                        records++;
                        return new Entry(family, key, value);
                    }
                    case TAG_END -> {
                        long count = in.readLong();
                        if (count != records) {
                            throw new SnapshotFormatException(
                                    "state.bin: " + records + " records read, " + count + " written");
                        }
                        ended = true;
                    }
                    case -1 -> throw new SnapshotFormatException("state.bin: unexpected EOF");
                    default -> throw new SnapshotFormatException("state.bin: unknown item " + tag);
                }
            }
            return null;
        }

        private byte[] field() throws IOException {
            int n = in.readInt();
            if (n < 0 || n > MAX_FIELD) {
                throw new SnapshotFormatException("state.bin: bad length " + n);
            }
            byte[] b = new byte[n];
            readFully(b);
            return b;
        }

        private void readFully(byte[] b) throws IOException {
            try {
                in.readFully(b);
            } catch (EOFException e) {
                throw new SnapshotFormatException("state.bin: unexpected EOF");
            }
        }
    }
}
