package io.proconsul.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A watch handler child process, as Consul's {@code agent/exec} starts one: {@link #script} runs the joined
 * arguments through {@code $SHELL -c} ({@code /bin/sh} when SHELL is unset), {@link #subprocess} runs them
 * directly. The child gets the watch result as JSON on stdin and {@code CONSUL_INDEX} in its environment;
 * {@link #run} waits for it.
 *
 * <p>Failures are worded as Go's {@code os/exec} words them: "exit status 3" for a non-zero exit,
 * {@code exec: "x": executable file not found in $PATH} for a missing program. Immutable; {@link #run} may
 * be called again for each result.
 */
public final class HandlerProcess {

    /** Consul's {@code WatchBufSize}: the agent keeps the last 4 KiB of a handler's output. */
    public static final int CAPTURE_LIMIT = 4 * 1024;

    /** Where the child's stdout and stderr go: this process's own streams, or a capture for the log. */
    public enum Output { INHERIT, CAPTURE }

    /** The handler could not be started or did not exit with 0. */
    public static final class HandlerException extends Exception {
        private final boolean started;
        private final String output;

        HandlerException(String message, boolean started, String output) {
            super(message);
            this.started = started;
            this.output = output;
        }

        /** False when the process never started ("Error starting handler" in Consul). */
        public boolean started() {
            return started;
        }

        /** What the child wrote with {@link Output#CAPTURE}; otherwise {@code ""}. */
        public String output() {
            return output;
        }
    }

    private final List<String> command;

    private HandlerProcess(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** {@code exec.Script}: {@code $SHELL -c "<script>"}. */
    public static HandlerProcess script(String script, Map<String, String> env) {
        String shell = env.getOrDefault("SHELL", "");
        return new HandlerProcess(List.of(shell.isEmpty() ? "/bin/sh" : shell, "-c", script));
    }

    /** {@code exec.Subprocess}: the arguments as they are, the first one looked up in PATH. */
    public static HandlerProcess subprocess(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("need an executable to run");
        }
        return new HandlerProcess(args);
    }

    public List<String> command() {
        return command;
    }

    /**
     * Starts the child with {@code stdin} as its whole input and waits for it.
     *
     * @return with {@link Output#CAPTURE}, the last {@link #CAPTURE_LIMIT} bytes of its stdout and stderr
     *     (with Consul's "Captured N of M bytes" note when cut); {@code ""} otherwise
     * @throws HandlerException when it cannot start or exits with another status than 0
     * @throws InterruptedException when the waiting thread is interrupted (the child is killed)
     */
    public String run(byte[] stdin, long index, Output output) throws HandlerException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CONSUL_INDEX", Long.toUnsignedString(index));
        if (output == Output.INHERIT) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectErrorStream(true);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new HandlerException(startError(command.get(0), e), false, "");
        }
        try {
            // A separate writer, so that a child that writes much before reading cannot block us both.
            Thread writer = new Thread(() -> feed(p.getOutputStream(), stdin), "watch-handler-stdin");
            writer.setDaemon(true);
            writer.start();
            String captured = output == Output.CAPTURE ? capture(p.getInputStream()) : "";
            int code = p.waitFor();
            writer.join();
            if (code != 0) {
                throw new HandlerException("exit status " + code, true, captured);
            }
            return captured;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The watch result as a handler reads it: Go's encoder output, compact with a trailing newline. */
    public static byte[] input(JsonNode result) {
        return GoJson.compact(result).getBytes(StandardCharsets.UTF_8);
    }

    private static void feed(OutputStream in, byte[] data) {
        try (in) {
            in.write(data);
        } catch (IOException childClosedStdin) {
            // A handler that does not read its input is fine, as in Go (the write error is ignored).
        }
    }

    /** armon/circbuf as Consul uses it: the last 4 KiB, and how much was written in all. */
    private static String capture(InputStream out) {
        byte[] ring = new byte[CAPTURE_LIMIT];
        long total = 0;
        byte[] buf = new byte[8192];
        try (out) {
            int n;
            while ((n = out.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    ring[(int) ((total + i) % CAPTURE_LIMIT)] = buf[i];
                }
                total += n;
            }
        } catch (IOException closed) {
            // The child went away; keep what was read.
        }
        if (total <= CAPTURE_LIMIT) {
            return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
        }
        int start = (int) (total % CAPTURE_LIMIT);
        byte[] ordered = new byte[CAPTURE_LIMIT];
        System.arraycopy(ring, start, ordered, 0, CAPTURE_LIMIT - start);
        System.arraycopy(ring, 0, ordered, CAPTURE_LIMIT - start, start);
        return "Captured " + CAPTURE_LIMIT + " of " + total + " bytes\n...\n"
                + new String(ordered, StandardCharsets.UTF_8);
    }

    private static String startError(String program, IOException e) {
        if (!program.contains(File.separator)) {
            return "exec: \"" + program + "\": executable file not found in $PATH";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        int detail = message.indexOf("error=");
        String reason = detail < 0 ? message : message.substring(message.indexOf(',', detail) + 1).strip();
        return "fork/exec " + program + ": " + reason.toLowerCase(Locale.ROOT);
    }
}
