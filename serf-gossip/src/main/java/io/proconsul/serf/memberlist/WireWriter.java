package io.proconsul.serf.memberlist;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian primitive writer for {@link WireCodec} and the serf layer's messages. Not thread-safe. */
public final class WireWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public WireWriter u8(int v) {
        out.write(v & 0xff);
        return this;
    }

    public WireWriter u16(int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("value does not fit 16 bits: " + v);
        }
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public WireWriter i32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public WireWriter i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    public WireWriter bool(boolean b) {
        return u8(b ? 1 : 0);
    }

    /** A string of at most 65535 UTF-8 bytes, length-prefixed. */
    public WireWriter str(String s) {
        return bytes16(s.getBytes(StandardCharsets.UTF_8));
    }

    public WireWriter bytes16(byte[] b) {
        u16(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    public WireWriter bytes32(byte[] b) {
        i32(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    public WireWriter raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
