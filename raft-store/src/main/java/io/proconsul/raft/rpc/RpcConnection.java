package io.proconsul.raft.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of an {@link RpcClient} to one server and the requests pending on it, by id. Everything
 * but {@link #send} and {@link #close} runs on the connection's event loop (Netty runs a channel's
 * handlers and its futures' listeners there), so a request is either pending when the connection drops
 * (and fails as lost) or finds the connection closed before it is written (and fails as not sent).
 */
final class RpcConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RpcConnection.class);

    private final String address;
    private final Consumer<RpcConnection> onDrop;
    private final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Channel> channel = new CompletableFuture<>();

    RpcConnection(String address, Consumer<RpcConnection> onDrop) {
        this.address = address;
        this.onDrop = onDrop;
    }

    String address() {
        return address;
    }

    /** The connection attempt this connection stands for; the requests sent so far wait for it. */
    void connecting(ChannelFuture f) {
        f.addListener(done -> {
            if (done.isSuccess()) {
                channel.complete(f.channel());
            } else {
                onDrop.accept(this);
                channel.completeExceptionally(done.cause());
            }
        });
    }

    void send(long id, byte kind, byte[] payload, CompletableFuture<byte[]> out, long timeoutNanos) {
        channel.whenComplete((ch, e) -> {
            if (e != null) {
                out.completeExceptionally(new RpcClient.NotSentException(address, String.valueOf(e)));
                return;
            }
            try {
                ch.eventLoop().execute(() -> write(ch, id, kind, payload, out, timeoutNanos));
            } catch (RejectedExecutionException closing) {
                out.completeExceptionally(new RpcClient.NotSentException(address, "client closed"));
            }
        });
    }

    /** Event loop: registers the request and writes it, unless the connection closed already. */
    private void write(Channel ch, long id, byte kind, byte[] payload, CompletableFuture<byte[]> out,
            long timeoutNanos) {
        if (!ch.isActive()) {
            out.completeExceptionally(new RpcClient.NotSentException(address, "connection closed"));
            return;
        }
        pending.put(id, out);
        ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
            if (pending.remove(id, out)) {
                out.completeExceptionally(new TimeoutException("no answer from " + address + " in time"));
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        out.whenComplete((r, x) -> timer.cancel(false));
        ch.writeAndFlush(RpcFrames.encode(ch.alloc(), id, kind, payload)).addListener(written -> {
            // Not (entirely) written: the server cannot have a whole frame, so it never saw the request.
            if (!written.isSuccess() && pending.remove(id, out)) {
                out.completeExceptionally(new RpcClient.NotSentException(address, String.valueOf(written.cause())));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RpcFrames.Frame f;
        ByteBuf buf = (ByteBuf) msg;
        try {
            f = RpcFrames.read(buf);
        } finally {
            buf.release();
        }
        CompletableFuture<byte[]> out = pending.remove(f.id());
        switch (f.kind()) {
            case RpcFrames.OK -> complete(out, f.payload());
            case RpcFrames.NOT_TAKEN -> fail(out, new RpcClient.NotSentException(address, text(f)));
            case RpcFrames.NO_LEADER -> fail(out, new RpcClient.NoLeaderException(address, text(f)));
            default -> {
                log.debug("server rpc: answer of unknown kind {} from {}; closing", f.kind(), address);
                fail(out, new RpcClient.ConnectionLostException(address));
                ctx.close();
            }
        }
    }

    private static String text(RpcFrames.Frame f) {
        return new String(f.payload(), StandardCharsets.UTF_8);
    }

    private static void complete(CompletableFuture<byte[]> out, byte[] payload) {
        if (out != null) {
            out.complete(payload);
        }
    }

    private static void fail(CompletableFuture<byte[]> out, Throwable e) {
        if (out != null) {
            out.completeExceptionally(e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        onDrop.accept(this);
        failPending();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("server rpc: closing the connection to {}: {}", address, cause.toString());
        ctx.close();
    }

    private void failPending() {
        for (Long id : List.copyOf(pending.keySet())) {
            fail(pending.remove(id), new RpcClient.ConnectionLostException(address));
        }
    }

    /** Closes the connection; whatever is pending fails as lost. */
    void close() {
        channel.thenAccept(Channel::close);
        failPending();
    }
}
