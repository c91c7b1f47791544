package io.proconsul.cli.command.kv;

import io.proconsul.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/**
 * Runs {@code agent.jar} commands in-process through {@link Main#run} with stdin, stdout and stderr
 * redirected, as a shell would see them. Tests using it must not run concurrently (they swap System streams).
 *
 * @param exitCode what the process would exit with
 * @param stdout raw bytes written to stdout
 * @param stderr text written to stderr
 */
public record CliRun(int exitCode, byte[] stdout, String stderr) {

    /**
     * {@code 127.0.0.1:<port>} of a loopback port that was free a moment ago and is closed again: an agent
     * address nobody listens on, for the connection-failure paths.
     */
    public static String closedAddress() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CliRun run(String... args) {
        return withStdin(new byte[0], args);
    }

    public static CliRun withStdin(byte[] stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Stdout as UTF-8 text. */
    public String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out() + "--- stderr\n" + stderr;
    }
}
