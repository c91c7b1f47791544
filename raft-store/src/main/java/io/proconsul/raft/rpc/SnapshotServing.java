package io.proconsul.raft.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.proconsul.core.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of the snapshot exchanges ({@link RpcFrames}), on a connection a client agent opened
 * for the one exchange. A save runs the server's own save ({@link SnapshotStore#save}) into a file and
 * streams it as chunk frames ({@link FileFrames}, as fast as the client reads), then the trailer; the file is
 * deleted once written or once the connection is gone. A restore is taken by an {@link Upload} handler
 * that replaces the request handler on the connection and spools the chunks to a file, then runs the
 * server's own restore, so a damaged archive fails with the server's own text.
 */
final class SnapshotServing {

    private static final Logger log = LoggerFactory.getLogger(SnapshotServing.class);

    private SnapshotServing() {}

    /** Any thread: saves and streams the archive to {@code ch} under {@code id}. */
    static void save(Channel ch, long id, byte[] request, SnapshotStore store) {
        CompletableFuture<SnapshotStore.Saved> saved;
        try {
            saved = store.save(SnapshotCodec.decodeSave(request));
        } catch (RuntimeException e) {
            saved = CompletableFuture.failedFuture(e);
        }
        saved.whenComplete((s, e) -> {
            try {
                ch.eventLoop().execute(() -> {
                    if (e != null) {
                        failed(ch, id, e);
                    } else {
                        stream(ch, id, s);
                    }
                });
            } catch (RejectedExecutionException closing) {
                if (s != null) {
                    FileSpool.deleteLater(s.file());
                }
            }
        });
    }

    private static void stream(Channel ch, long id, SnapshotStore.Saved saved) {
        if (!ch.isActive()) {
            FileSpool.deleteLater(saved.file());
            return;
        }
        FileFrames.send(ch, id, saved.file()).whenComplete((v, e) -> {
            FileSpool.deleteLater(saved.file());
            if (e == null) {
                ch.writeAndFlush(RpcFrames.encode(ch.alloc(), id, RpcFrames.OK, SnapshotCodec.encodeTrailer(saved)));
            } else {
                // Closed mid-archive: the client sees the connection lost, never a short archive as whole.
                ch.close();
            }
        });
    }

    static void failed(Channel ch, long id, Throwable e) {
        if (ch.isActive()) {
            ch.writeAndFlush(RpcFrames.encode(ch.alloc(), id, RpcFrames.FAILED, SnapshotCodec.encodeFailure(e)));
        }
    }

    /**
     * A restore's upload: every frame of the connection after the request comes here. Reads are off but for
     * one at a time (see {@link FileSpool}); an unexpected frame closes the connection, and a connection
     * that closes before {@link RpcFrames#END} leaves nothing behind and restores nothing.
     */
    static final class Upload extends ChannelInboundHandlerAdapter {

        private final long id;
        private final SnapshotStore store;
        private FileSpool spool;
        private boolean ended;

        Upload(long id, SnapshotStore store) {
            this.id = id;
            this.store = store;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);
            try {
                spool = new FileSpool(Files.createTempFile(store.scratchDir(), "upload-", ".snap"));
            } catch (IOException | RuntimeException e) {
                ended = true;
                failed(ctx.channel(), id, e);
                ctx.channel().config().setAutoRead(true);
                return;
            }
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            RpcFrames.Frame f;
            io.netty.buffer.ByteBuf buf = (io.netty.buffer.ByteBuf) msg;
            try {
                f = RpcFrames.read(buf);
            } finally {
                buf.release();
            }
            if (ended) {
                return;
            }
            if (f.id() != id || f.kind() != RpcFrames.CHUNK && f.kind() != RpcFrames.END) {
                log.debug("server rpc: frame of kind {} in a snapshot upload; closing", f.kind());
                ctx.close();
                return;
            }
            if (f.kind() == RpcFrames.CHUNK) {
                spool.write(ctx, f.payload());
                return;
            }
            ended = true;
            Path file = spool.file();
            spool.finish().thenCompose(v -> store.restore(file)).whenComplete((v, e) -> {
                FileSpool.deleteLater(file);
                if (e == null) {
                    ctx.channel().writeAndFlush(RpcFrames.encode(ctx.alloc(), id, RpcFrames.OK, new byte[0]));
                } else {
                    failed(ctx.channel(), id, e);
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!ended && spool != null) {
                ended = true;
                spool.discard();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("server rpc: closing a snapshot upload from {}: {}", ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }
    }
}
