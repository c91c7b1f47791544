package io.proconsul.cli.command.kv;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a kv command writes, as Consul's {@code cli.BasicUi}: data lines to stdout, messages to stderr, each
 * followed by a newline. Values are written as raw bytes so that {@code kv get key > file} round-trips binary
 * data exactly as Consul does; text is UTF-8 whatever the platform charset.
 *
 * <p>Uses {@code System.out}/{@code System.err} as they are when the command runs (tests redirect them).
 */
final class KvOutput {

    private final PrintStream out;
    private final PrintStream err;

    KvOutput() {
        this(System.out, System.err);
    }

    KvOutput(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** One line of data on stdout. */
    void info(String line) {
        info(line.getBytes(StandardCharsets.UTF_8));
    }

    /** One line of raw data on stdout. */
    void info(byte[] line) {
        out.write(line, 0, line.length);
        out.write('\n');
        out.flush();
    }

    /** One line of error text on stderr; always exit 1 after it. */
    void error(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        err.write(bytes, 0, bytes.length);
        err.write('\n');
        err.flush();
    }

    /** Concatenates text and raw bytes into one line, as Go's {@code fmt.Sprintf("%s:%s", key, value)}. */
    static byte[] concat(String text, byte[] raw) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        buf.writeBytes(raw == null ? new byte[0] : raw);
        return buf.toByteArray();
    }
}
