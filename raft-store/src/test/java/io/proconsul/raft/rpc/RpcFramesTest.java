package io.proconsul.raft.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The server side of the client RPC framing, driven byte by byte through its real pipeline (frame decoder
 * and handler) in an embedded channel: answers carry their request's id in completion order, failures map
 * to their answer kinds, and a malformed or truncated stream closes the connection without a request
 * reaching the service and without an exception escaping.
 */
class RpcFramesTest {

    /** Requests by payload text; each answered when the test completes its future. */
    private final Map<String, CompletableFuture<byte[]>> calls = new ConcurrentHashMap<>();
    private final List<String> seen = new ArrayList<>();
    private final RpcService service = new RpcService() {
        @Override
        public CompletableFuture<byte[]> write(byte[] command) {
            return call("w:" + new String(command, StandardCharsets.UTF_8));
        }

        @Override
        public CompletableFuture<byte[]> read(byte[] request) {
            return call("r:" + new String(request, StandardCharsets.UTF_8));
        }

        private CompletableFuture<byte[]> call(String what) {
            seen.add(what);
            return calls.computeIfAbsent(what, k -> new CompletableFuture<>());
        }
    };
    // Workers run inline: the embedded channel is single-threaded.
    private final EmbeddedChannel channel =
            new EmbeddedChannel(RpcFrames.decoder(), new RpcServerHandler(service, Runnable::run));

    @Test
    void answersGoOutInCompletionOrderWithTheirRequestIds() {
        channel.writeInbound(frame(7, RpcFrames.READ, "slow"), frame(8, RpcFrames.WRITE, "fast"));
        assertThat(seen).containsExactly("r:slow", "w:fast");
        assertThat((Object) channel.readOutbound()).isNull();

        calls.get("w:fast").complete(bytes("done-8"));
        calls.get("r:slow").complete(bytes("done-7"));

        assertThat(answer()).isEqualTo(new Answer(8, RpcFrames.OK, "done-8"));
        assertThat(answer()).isEqualTo(new Answer(7, RpcFrames.OK, "done-7"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aWriteNotTakenAndAnyOtherFailureHaveTheirOwnAnswerKinds() {
        channel.writeInbound(frame(1, RpcFrames.WRITE, "a"), frame(2, RpcFrames.WRITE, "b"),
                frame(3, RpcFrames.READ, "c"));
        calls.get("w:a").completeExceptionally(new RpcService.NotTakenException("no Raft group on this server"));
        calls.get("w:b").completeExceptionally(new IllegalStateException("No cluster leader"));
        calls.get("r:c").completeExceptionally(new IllegalStateException("boom"));

        assertThat(answer()).isEqualTo(new Answer(1, RpcFrames.NOT_TAKEN, "no Raft group on this server"));
        assertThat(answer()).isEqualTo(new Answer(2, RpcFrames.NO_LEADER, "No cluster leader"));
        assertThat(answer()).isEqualTo(new Answer(3, RpcFrames.NO_LEADER, "boom"));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown kind", frame(1, (byte) 9, "x")),
                Arguments.of("an answer kind sent as a request", frame(1, RpcFrames.OK, "x")),
                Arguments.of("shorter than its header", Unpooled.buffer().writeInt(3).writeBytes(new byte[3])),
                Arguments.of("empty", Unpooled.buffer().writeInt(0)),
                Arguments.of("negative length", Unpooled.buffer().writeInt(-5).writeLong(1).writeByte(1)),
                Arguments.of("longer than the limit", Unpooled.buffer().writeInt(RpcFrames.MAX_FRAME + 1)
                        .writeLong(1).writeByte(RpcFrames.READ)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedFrameClosesTheConnectionAndReachesNoService(String what, ByteBuf bytes) {
        // A good frame right behind the bad one, in the same read, is not served either.
        ByteBuf after = frame(2, RpcFrames.READ, "after");
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, after));

        assertThat(channel.isOpen()).as(what).isFalse();
        assertThat(seen).isEmpty();
        channel.checkException();
    }

    @Test
    void aTruncatedFrameIsDroppedWhenTheConnectionEnds() {
        ByteBuf whole = frame(1, RpcFrames.WRITE, "half a frame");
        channel.writeInbound(whole.readRetainedSlice(whole.readableBytes() / 2));
        whole.release();
        assertThat(seen).isEmpty();

        channel.finish();
        assertThat(seen).isEmpty();
        channel.checkException();
    }

    @Test
    void anAnswerForAConnectionThatClosedMeanwhileIsDropped() {
        channel.writeInbound(frame(1, RpcFrames.READ, "late"));
        channel.close();
        calls.get("r:late").complete(bytes("nobody listens"));
        assertThat((Object) channel.readOutbound()).isNull();
    }

    private record Answer(long id, byte kind, String payload) {}

    private Answer answer() {
        ByteBuf b = channel.readOutbound();
        assertThat(b).isNotNull();
        try {
            int length = b.readInt();
            assertThat(length).isEqualTo(b.readableBytes());
            RpcFrames.Frame f = RpcFrames.read(b);
            return new Answer(f.id(), f.kind(), new String(f.payload(), StandardCharsets.UTF_8));
        } finally {
            b.release();
        }
    }

    private static ByteBuf frame(long id, byte kind, String payload) {
        return RpcFrames.encode(Unpooled.buffer().alloc(), id, kind, bytes(payload));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
