package io.proconsul.serf.memberlist;

import io.proconsul.serf.memberlist.MalformedPacketException.Kind;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Bounds-checked big-endian reader for {@link WireCodec}: every read that would run past the end, and every
 * length over its limit, throws {@link MalformedPacketException} instead of an unchecked exception, so a
 * hostile packet can only be dropped. Not thread-safe.
 */
public final class WireReader {

    private final byte[] buf;
    private final int end;
    private int pos;

    public WireReader(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }

    private void need(int n) throws MalformedPacketException {
        if (n < 0 || end - pos < n) {
            throw new MalformedPacketException(Kind.MALFORMED, "truncated at byte " + pos);
        }
    }

    public int u8() throws MalformedPacketException {
        need(1);
        return buf[pos++] & 0xff;
    }

    public int u16() throws MalformedPacketException {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int i32() throws MalformedPacketException {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long i64() throws MalformedPacketException {
        long hi = i32() & 0xffffffffL;
        return (hi << 32) | (i32() & 0xffffffffL);
    }

    public boolean bool() throws MalformedPacketException {
        int b = u8();
        if (b > 1) {
            throw new MalformedPacketException(Kind.MALFORMED, "bad boolean " + b);
        }
        return b == 1;
    }

    public String str(int maxBytes) throws MalformedPacketException {
        byte[] b = bytes16(maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPacketException(Kind.MALFORMED, "invalid UTF-8");
        }
    }

    public byte[] bytes16(int maxBytes) throws MalformedPacketException {
        return take(u16(), maxBytes);
    }

    public byte[] bytes32(int maxBytes) throws MalformedPacketException {
        return take(i32(), maxBytes);
    }

    private byte[] take(int len, int maxBytes) throws MalformedPacketException {
        if (len > maxBytes) {
            throw new MalformedPacketException(Kind.OVERSIZED, "field of " + len + " bytes over " + maxBytes);
        }
        need(len);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    public int remaining() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    void skip(int n) throws MalformedPacketException {
        need(n);
        pos += n;
    }

    byte[] array() {
        return buf;
    }
}
