package io.proconsul.raft.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A client agent's side of one snapshot exchange ({@link RpcFrames}), the only handler on a connection
 * opened for it by {@link RpcClient#download} or {@link RpcClient#upload}; the connection is closed when
 * the exchange ends. The result future completes on the connection's event loop, or on a file thread.
 */
abstract sealed class SnapshotTransfer<T> extends ChannelInboundHandlerAdapter {

    final String address;
    final long id;
    final CompletableFuture<T> out;

    private SnapshotTransfer(String address, long id, CompletableFuture<T> out) {
        this.address = address;
        this.id = id;
        this.out = out;
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        RpcFrames.Frame f;
        ByteBuf buf = (ByteBuf) msg;
        try {
            f = RpcFrames.read(buf);
        } finally {
            buf.release();
        }
        if (out.isDone()) {
            return;
        }
        switch (f.kind()) {
            case RpcFrames.FAILED -> end(ctx, SnapshotCodec.decodeFailure(f.payload()));
            case RpcFrames.NOT_TAKEN -> end(ctx, new RpcClient.NotSentException(address, text(f)));
            case RpcFrames.NO_LEADER -> end(ctx, new RpcClient.NoLeaderException(address, text(f)));
            default -> {
                if (f.id() != id || !frame(ctx, f)) {
                    end(ctx, new RpcClient.ConnectionLostException(address));
                }
            }
        }
    }

    /** A CHUNK or OK frame of this exchange; false if it has no place in it. */
    abstract boolean frame(ChannelHandlerContext ctx, RpcFrames.Frame f);

    void end(ChannelHandlerContext ctx, Throwable failure) {
        out.completeExceptionally(failure);
        ctx.close();
    }

    private static String text(RpcFrames.Frame f) {
        return new String(f.payload(), StandardCharsets.UTF_8);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        out.completeExceptionally(new RpcClient.ConnectionLostException(address));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(ctx, new RpcClient.ConnectionLostException(address));
    }

    /** A save: the request, then the archive's chunks into {@code target}, then the trailer. */
    static final class Download extends SnapshotTransfer<byte[]> {

        private final byte[] request;
        private final Path target;
        private FileSpool spool;

        Download(String address, long id, byte[] request, Path target, CompletableFuture<byte[]> out) {
            super(address, id, out);
            this.request = request;
            this.target = target;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            try {
                spool = new FileSpool(target);
            } catch (IOException e) {
                end(ctx, e);
                return;
            }
            ctx.writeAndFlush(RpcFrames.encode(ctx.alloc(), id, RpcFrames.SNAPSHOT_SAVE, request));
            ctx.read();
        }

        @Override
        boolean frame(ChannelHandlerContext ctx, RpcFrames.Frame f) {
            if (f.kind() == RpcFrames.CHUNK) {
                spool.write(ctx, f.payload());
                return true;
            }
            if (f.kind() != RpcFrames.OK) {
                return false;
            }
            spool.finish().whenComplete((v, e) -> {
                if (e == null) {
                    out.complete(f.payload());
                } else {
                    out.completeExceptionally(e);
                }
                ctx.close();
            });
            return true;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (spool != null && !out.isDone()) {
                // The caller deletes the target; this only stops the writes still queued for it.
                spool.finish();
            }
            super.channelInactive(ctx);
        }
    }

    /** A restore: the request, the archive in {@code file} as chunks, the end; then the server's answer. */
    static final class Upload extends SnapshotTransfer<Void> {

        private final Path file;

        Upload(String address, long id, Path file, CompletableFuture<Void> out) {
            super(address, id, out);
            this.file = file;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.write(RpcFrames.encode(ctx.alloc(), id, RpcFrames.SNAPSHOT_RESTORE, new byte[0]));
            FileFrames.send(ctx.channel(), id, file).whenComplete((v, e) -> {
                if (e == null) {
                    ctx.writeAndFlush(RpcFrames.encode(ctx.alloc(), id, RpcFrames.END, new byte[0]));
                } else {
                    // Never END after a partial archive: the server drops the upload with the connection.
                    end(ctx, e);
                }
            });
        }

        @Override
        boolean frame(ChannelHandlerContext ctx, RpcFrames.Frame f) {
            if (f.kind() != RpcFrames.OK) {
                return false;
            }
            out.complete(null);
            ctx.close();
            return true;
        }
    }
}
