package io.proconsul.core.exec;

import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Consul's {@code rexecWriter}: gathers a job's output into chunks of at most {@value #CHUNK} bytes, handing
 * a chunk on when it is full or when no output came for {@link #IDLE_MILLIS} ms, so a slow trickle still
 * shows up promptly without one KV write per line. Thread-safe; the idle timer runs on the given scheduler.
 */
final class OutputChunker {

    /** Consul's {@code remoteExecOutputSize}. */
    static final int CHUNK = 4 * 1024;
    /** Consul's {@code remoteExecOutputDeadline}. */
    static final long IDLE_MILLIS = 500;

    private final Consumer<byte[]> sink;
    private final ScheduledExecutorService timer;
    private final byte[] buf = new byte[CHUNK];
    private int len;
    private ScheduledFuture<?> idle;

    OutputChunker(Consumer<byte[]> sink, ScheduledExecutorService timer) {
        this.sink = sink;
        this.timer = timer;
    }

    synchronized void write(byte[] b, int off, int n) {
        cancelIdle();
        while (n > 0) {
            int take = Math.min(n, CHUNK - len);
            System.arraycopy(b, off, buf, len, take);
            len += take;
            off += take;
            n -= take;
            if (len == CHUNK) {
                flush();
            }
        }
        idle = timer.schedule(this::flush, IDLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Hands on what is buffered, if anything. */
    synchronized void flush() {
        cancelIdle();
        if (len > 0) {
            sink.accept(Arrays.copyOf(buf, len));
            len = 0;
        }
    }

    private void cancelIdle() {
        if (idle != null) {
            idle.cancel(false);
            idle = null;
        }
    }
}
