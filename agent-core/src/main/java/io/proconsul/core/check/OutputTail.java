package io.proconsul.core.check;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes written, and how many were written in all: the circular buffer
 * ({@code armon/circbuf}) Consul collects script output and HTTP bodies in, so a chatty check cannot
 * grow the agent's memory and what is kept is the end, where errors usually are.
 *
 * <p>Not thread-safe.
 */
final class OutputTail {

    private final byte[] buf;
    private long total;

    OutputTail(int capacity) {
        this.buf = new byte[capacity];
    }

    void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            buf[(int) (total++ % buf.length)] = b[off + i];
        }
    }

    void write(ByteBuffer b) {
        while (b.hasRemaining()) {
            buf[(int) (total++ % buf.length)] = b.get();
        }
    }

    long totalWritten() {
        return total;
    }

    boolean truncated() {
        return total > buf.length;
    }

    /** What is kept, oldest byte first, decoded as UTF-8. */
    String text() {
        if (!truncated()) {
            return new String(buf, 0, (int) total, StandardCharsets.UTF_8);
        }
        int start = (int) (total % buf.length);
        byte[] ordered = new byte[buf.length];
        System.arraycopy(buf, start, ordered, 0, buf.length - start);
        System.arraycopy(buf, 0, ordered, buf.length - start, start);
        return new String(ordered, StandardCharsets.UTF_8);
    }

    /** Consul's script output: the kept text, preceded by {@code "Captured N of M bytes\n...\n"} if cut. */
    String scriptOutput() {
        return truncated() ? "Captured " + buf.length + " of " + total + " bytes\n...\n" + text() : text();
    }
}
