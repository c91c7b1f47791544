package io.proconsul.raft.rpc;

import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RpcFrames#CHUNK}s of one snapshot exchange on their way into a file: written in arrival order
 * on a file thread, never on the event loop, with the channel's reads off ({@code autoRead} false) and the
 * next read asked for only once every chunk received so far is on disk. So memory holds at most what one
 * read brought in, and a slow disk slows the sender through TCP. {@link #write} and {@link #finish} run
 * on the channel's event loop.
 */
final class FileSpool {

    private static final Logger log = LoggerFactory.getLogger(FileSpool.class);
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rpc-snapshot-io");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final FileChannel out;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private int writing;

    /** Opens {@code file} (which must exist) for writing; the caller turned the channel's autoRead off. */
    FileSpool(Path file) throws IOException {
        this.file = file;
        this.out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    Path file() {
        return file;
    }

    /** Event loop: queues {@code bytes}; once everything queued is written, the channel reads on. */
    void write(ChannelHandlerContext ctx, byte[] bytes) {
        writing++;
        tail = tail.thenRunAsync(() -> {
            try {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, IO);
        tail.whenComplete((v, e) -> ctx.executor().execute(() -> {
            if (e != null) {
                // The file cannot take it: the exchange ends here (the other side sees the connection go).
                log.warn("snapshot spool {}: write failed: {}", file, e.getMessage());
                ctx.close();
            } else if (--writing == 0) {
                ctx.read();
            }
        }));
    }

    /** Completes once every chunk is written and the file closed; fails if a write failed. */
    CompletableFuture<Void> finish() {
        return tail.thenRunAsync(() -> {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, IO);
    }

    /** Closes and deletes the file once the writes queued so far are done, whatever became of them. */
    void discard() {
        tail.whenCompleteAsync((v, e) -> {
            try {
                out.close();
            } catch (IOException x) {
                log.debug("snapshot spool {}: close failed: {}", file, x.getMessage());
            }
            delete(file);
        }, IO);
    }

    /** Deletes {@code file} on a file thread. */
    static void deleteLater(Path file) {
        IO.execute(() -> delete(file));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("snapshot file {} left behind: {}", file, e.getMessage());
        }
    }
}
