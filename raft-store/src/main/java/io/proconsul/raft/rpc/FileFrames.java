package io.proconsul.raft.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a file as the {@link RpcFrames#CHUNK} frames of one exchange, only as fast as the peer reads: once
 * the channel stops being writable (its outbound buffer is past Netty's high-water mark, 64 KiB) the next
 * chunk is read from the file only after the last one written has gone out to the socket. So a slow
 * reader holds the sender to about two chunks in memory, whatever the size of the file. Runs on the
 * channel's event loop; a chunk read from a local file is short, as Netty's own {@code ChunkedNioFile} is.
 */
final class FileFrames {

    private final Channel ch;
    private final long id;
    private final FileChannel in;
    private final CompletableFuture<Void> sent = new CompletableFuture<>();

    private FileFrames(Channel ch, long id, FileChannel in) {
        this.ch = ch;
        this.id = id;
        this.in = in;
    }

    /**
     * Event loop: starts sending {@code file} on {@code ch}; completes once every chunk is handed to the
     * channel (the caller writes what follows them), fails if the connection closes or the file cannot be
     * read. The file is closed either way.
     */
    static CompletableFuture<Void> send(Channel ch, long id, Path file) {
        FileChannel in;
        try {
            in = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        FileFrames f = new FileFrames(ch, id, in);
        f.pump();
        return f.sent;
    }

    private void pump() {
        while (!sent.isDone()) {
            if (!ch.isActive()) {
                done(new IOException("connection closed"));
                return;
            }
            ByteBuf body = ch.alloc().buffer(RpcFrames.CHUNK_BYTES);
            int n;
            try {
                n = body.writeBytes(in, RpcFrames.CHUNK_BYTES);
            } catch (IOException e) {
                body.release();
                done(e);
                return;
            }
            if (n < 0) {
                body.release();
                done(null);
                return;
            }
            ByteBuf header = RpcFrames.header(ch.alloc(), id, RpcFrames.CHUNK, body.readableBytes());
            ChannelFuture w = ch.write(ch.alloc().compositeBuffer(2).addComponents(true, header, body));
            if (!ch.isWritable()) {
                ch.flush();
                w.addListener(written -> {
                    if (written.isSuccess()) {
                        pump();
                    } else {
                        done(written.cause());
                    }
                });
                return;
            }
        }
    }

    private void done(Throwable failure) {
        try {
            in.close();
        } catch (IOException e) {
            failure = failure != null ? failure : e;
        }
        if (failure == null) {
            sent.complete(null);
        } else {
            sent.completeExceptionally(failure);
        }
    }
}
