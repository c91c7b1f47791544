package io.proconsul.raft.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.proconsul.core.snapshot.SnapshotStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on the server: decodes each request frame, hands it to a worker, and writes the
 * answer whenever it is ready (with the request's id, so answers may overtake each other). A frame of an
 * unknown kind, or too short for its header, closes the connection.
 */
final class RpcServerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RpcServerHandler.class);

    private final RpcService service;
    private final Executor workers;

    RpcServerHandler(RpcService service, Executor workers) {
        this.service = service;
        this.workers = workers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RpcFrames.Frame f;
        ByteBuf buf = (ByteBuf) msg;
        if (!ctx.channel().isActive()) {
            // Closed after a malformed frame: what followed it in the same read is not served.
            buf.release();
            return;
        }
        try {
            f = RpcFrames.read(buf);
        } finally {
            buf.release();
        }
        if (f.kind() == RpcFrames.SNAPSHOT_SAVE || f.kind() == RpcFrames.SNAPSHOT_RESTORE) {
            snapshot(ctx, f);
            return;
        }
        if (f.kind() != RpcFrames.WRITE && f.kind() != RpcFrames.READ && f.kind() != RpcFrames.WRITE_INDEXED) {
            log.debug("server rpc: frame of unknown kind {} from {}; closing", f.kind(), ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        Channel ch = ctx.channel();
        try {
            workers.execute(() -> dispatch(ch, f));
        } catch (RejectedExecutionException e) {
            reply(ch, f.id(), RpcFrames.NOT_TAKEN, "server closing".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A snapshot exchange takes the connection over: a save streams from a worker, a restore's upload goes
     * to a handler of its own that takes this one's place.
     */
    private void snapshot(ChannelHandlerContext ctx, RpcFrames.Frame f) {
        SnapshotStore store = service.snapshots();
        Channel ch = ctx.channel();
        if (store == null) {
            reply(ch, f.id(), RpcFrames.NOT_TAKEN, "this server serves no snapshots".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (f.kind() == RpcFrames.SNAPSHOT_RESTORE) {
            ctx.pipeline().replace(this, "snapshot-upload", new SnapshotServing.Upload(f.id(), store));
            return;
        }
        try {
            workers.execute(() -> SnapshotServing.save(ch, f.id(), f.payload(), store));
        } catch (RejectedExecutionException e) {
            reply(ch, f.id(), RpcFrames.NOT_TAKEN, "server closing".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void dispatch(Channel ch, RpcFrames.Frame f) {
        CompletableFuture<byte[]> answer;
        try {
            answer = switch (f.kind()) {
                case RpcFrames.WRITE -> service.write(f.payload());
                case RpcFrames.WRITE_INDEXED -> service.writeIndexed(f.payload());
                default -> service.read(f.payload());
            };
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((bytes, e) -> {
            if (e == null) {
                reply(ch, f.id(), RpcFrames.OK, bytes);
                return;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            byte kind = cause instanceof RpcService.NotTakenException ? RpcFrames.NOT_TAKEN : RpcFrames.NO_LEADER;
            reply(ch, f.id(), kind, String.valueOf(cause.getMessage()).getBytes(StandardCharsets.UTF_8));
        });
    }

    private static void reply(Channel ch, long id, byte kind, byte[] payload) {
        if (ch.isActive()) {
            ch.writeAndFlush(RpcFrames.encode(ch.alloc(), id, kind, payload));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A malformed stream (too long, too short, corrupt): nothing more on it can be trusted.
        log.debug("server rpc: closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
