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
 *                | {@link #WRITE_INDEXED} (a CommandCodec command, from another server)
 *                | {@link #SNAPSHOT_SAVE} | {@link #SNAPSHOT_RESTORE} | {@link #CHUNK} | {@link #END}
 *   response kind: {@link #OK} (ResultCodec or QueryCodec answer; after WRITE_INDEXED: index:int64
 *                  then the ResultCodec answer, see {@link #indexed}) | {@link #NOT_TAKEN} | {@link #NO_LEADER}
 *                | {@link #CHUNK} | {@link #FAILED}
 * </pre>
 *
 * Snapshots are streams, each on a connection of its own (so a long transfer holds back no other request,
 * and stopping reads for back-pressure stops nothing else), all frames with the id of the first:
 * <pre>
 *   save     client: SNAPSHOT_SAVE(read mode)        server: CHUNK* then OK(trailer) | FAILED | NOT_TAKEN
 *   restore  client: SNAPSHOT_RESTORE CHUNK* END     server: OK() | FAILED | NOT_TAKEN, after END or at once
 * </pre>
 * A CHUNK carries up to {@link #CHUNK_BYTES} of the archive; neither side holds more than a few of them
 * ({@link FileFrames} sends, {@link FileSpool} receives; {@link SnapshotServing} and {@link SnapshotTransfer}
 * are the two ends).
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
    /** Request: save a snapshot; the payload is the read mode ({@link SnapshotCodec#encodeSave}). */
    public static final byte SNAPSHOT_SAVE = 3;
    /** Request: restore the archive that follows in {@link #CHUNK} frames up to an {@link #END}. */
    public static final byte SNAPSHOT_RESTORE = 4;
    /** Request or response: one piece of a snapshot archive. */
    public static final byte CHUNK = 5;
    /** Request: the uploaded archive is complete. */
    public static final byte END = 6;
    /**
     * Request: a write a follower forwards to the leader, as {@link #WRITE}; its answer also carries the
     * Raft log index the write was applied at ({@link #indexed}), which the follower's own stale reads wait
     * for (read-your-writes).
     */
    public static final byte WRITE_INDEXED = 8;
    /** Response: the payload is the answer. */
    public static final byte OK = 0;
    /** Response: the server did not submit the request anywhere (no group yet, closing); resend elsewhere. */
    public static final byte NOT_TAKEN = 1;
    /** Response: no leader answered in time; a write may or may not have been applied. */
    public static final byte NO_LEADER = 2;

    /** Response: the snapshot exchange failed; the payload says how ({@link SnapshotCodec#encodeFailure}). */
    public static final byte FAILED = 7;

    /** The archive bytes in one {@link #CHUNK} frame at most. */
    public static final int CHUNK_BYTES = 1 << 16;

    /** The largest frame either side accepts (a 64-operation transaction of 512 KiB values fits). */
    public static final int MAX_FRAME = 64 * 1024 * 1024;
    static final int HEADER = Long.BYTES + 1;

    private RpcFrames() {}

    /** The answer to a {@link #WRITE_INDEXED}: the log index of the write, then its encoded result. */
    public static byte[] indexed(long index, byte[] result) {
        return java.nio.ByteBuffer.allocate(Long.BYTES + result.length).putLong(index).put(result).array();
    }

    /** The log index in an {@link #indexed} answer; {@link CorruptedFrameException} when too short. */
    public static long indexOf(byte[] answer) {
        if (answer.length < Long.BYTES) {
            throw new CorruptedFrameException("indexed answer of " + answer.length + " bytes has no index");
        }
        return java.nio.ByteBuffer.wrap(answer).getLong();
    }

    /** The encoded result in an {@link #indexed} answer. */
    public static byte[] resultOf(byte[] answer) {
        return java.util.Arrays.copyOfRange(answer, Long.BYTES, answer.length);
    }

    /** One frame (length prefix included), ready to write. */
    static ByteBuf encode(ByteBufAllocator alloc, long id, byte kind, byte[] payload) {
        ByteBuf b = alloc.buffer(Integer.BYTES + HEADER + payload.length);
        b.writeInt(HEADER + payload.length).writeLong(id).writeByte(kind).writeBytes(payload);
        return b;
    }

    /** The length prefix and header of a frame whose {@code payloadLength} bytes follow separately. */
    static ByteBuf header(ByteBufAllocator alloc, long id, byte kind, int payloadLength) {
        ByteBuf b = alloc.buffer(Integer.BYTES + HEADER);
        b.writeInt(HEADER + payloadLength).writeLong(id).writeByte(kind);
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
