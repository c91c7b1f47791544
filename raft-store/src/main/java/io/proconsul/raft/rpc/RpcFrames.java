package io.proconsul.raft.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * The wire format of the client agents' server RPC: length-prefixed frames on one TCP connection, each
 * carrying a request id so that any number of requests are in flight at once and answered in any order.
 *
 * <pre>
 *   frame    = length:int32 id:int64 kind:int8 payload   (length counts id, kind and payload)
 *   request  kind: {@link #WRITE} (a CommandCodec command) | {@link #READ} (a QueryCodec request)
 *   response kind: {@link #OK} (ResultCodec or QueryCodec answer) | {@link #NOT_TAKEN} | {@link #NO_LEADER}
 * </pre>
 *
 * The payloads are the existing codecs' bytes, unchanged; this format only frames them. A frame longer
 * than {@link #MAX_FRAME}, shorter than its header, or of an unknown kind is a protocol error: the reader
 * closes the connection (whatever was pending on it fails on the other side), it never guesses.
 */
public final class RpcFrames {

    /** Request: a write, applied through Raft by the server (which forwards it to the leader). */
    public static final byte WRITE = 1;
    /** Request: a read, a status or an operator request, answered as the server's own reads are. */
    public static final byte READ = 2;
    /** Response: the payload is the answer. */
    public static final byte OK = 0;
    /** Response: the server did not submit the request anywhere (no group yet, closing); resend elsewhere. */
    public static final byte NOT_TAKEN = 1;
    /** Response: no leader answered in time; a write may or may not have been applied. */
    public static final byte NO_LEADER = 2;

    /** The largest frame either side accepts (a 64-operation transaction of 512 KiB values fits). */
    public static final int MAX_FRAME = 64 * 1024 * 1024;
    static final int HEADER = Long.BYTES + 1;

    private RpcFrames() {}

    /** One frame (length prefix included), ready to write. */
    static ByteBuf encode(ByteBufAllocator alloc, long id, byte kind, byte[] payload) {
        ByteBuf b = alloc.buffer(Integer.BYTES + HEADER + payload.length);
        b.writeInt(HEADER + payload.length).writeLong(id).writeByte(kind).writeBytes(payload);
        return b;
    }

    /** Splits the byte stream into frames (the length prefix stripped); too long or negative closes. */
    static LengthFieldBasedFrameDecoder decoder() {
        return new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, Integer.BYTES, 0, Integer.BYTES, true);
    }

    /** One decoded frame. */
    record Frame(long id, byte kind, byte[] payload) {}

    /** Reads a frame the {@link #decoder()} cut out; {@link CorruptedFrameException} when too short. */
    static Frame read(ByteBuf frame) {
        if (frame.readableBytes() < HEADER) {
            throw new CorruptedFrameException(
                    "frame of " + frame.readableBytes() + " bytes is shorter than its header");
        }
        long id = frame.readLong();
        byte kind = frame.readByte();
        byte[] payload = new byte[frame.readableBytes()];
        frame.readBytes(payload);
        return new Frame(id, kind, payload);
    }
}
