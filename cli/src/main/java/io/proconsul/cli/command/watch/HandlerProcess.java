package io.proconsul.cli.command.watch;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A watch handler child process, as Consul's {@code agent/exec} starts one: {@link #script} runs the joined
 * arguments through {@code $SHELL -c} ({@code /bin/sh} when SHELL is unset), {@link #subprocess} runs them
 * directly. The child gets the watch result as JSON on stdin and {@code CONSUL_INDEX} in its environment;
 * {@link #run} waits for it.
 *
 * <p>Failures are worded as Go's {@code os/exec} words them: "exit status 3" for a non-zero exit,
 * {@code exec: "x": executable file not found in $PATH} for a missing program.
 */
final class HandlerProcess {

    /** Where the child's stdout and stderr go. */
    enum Output { INHERIT, DISCARD }

    /** The handler could not be started or did not exit with 0. */
    static final class HandlerException extends Exception {
        private final boolean started;

        HandlerException(String message, boolean started) {
            super(message);
            this.started = started;
        }

        /** False when the process never started ("Error starting handler" in Consul). */
        boolean started() {
            return started;
        }
    }

    private final List<String> command;

    private HandlerProcess(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** {@code exec.Script}: {@code $SHELL -c "<script>"}. */
    static HandlerProcess script(String script, Map<String, String> env) {
        String shell = env.getOrDefault("SHELL", "");
        return new HandlerProcess(List.of(shell.isEmpty() ? "/bin/sh" : shell, "-c", script));
    }

    /** {@code exec.Subprocess}: the arguments as they are, the first one looked up in PATH. */
    static HandlerProcess subprocess(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("need an executable to run");
        }
        return new HandlerProcess(args);
    }

    List<String> command() {
        return command;
    }

    /**
     * Starts the child with {@code stdin} as its whole input and waits for it.
     *
     * @throws HandlerException when it cannot start or exits with another status than 0
     * @throws InterruptedException when the waiting thread is interrupted (the child is killed)
     */
    void run(byte[] stdin, long index, Output output) throws HandlerException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CONSUL_INDEX", Long.toUnsignedString(index));
        if (output == Output.INHERIT) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new HandlerException(startError(command.get(0), e), false);
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException childClosedStdin) {
                // A handler that does not read its input is fine, as in Go (the write error is ignored).
            }
            int code = p.waitFor();
            if (code != 0) {
                throw new HandlerException("exit status " + code, true);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** The watch result as a handler reads it: Go's encoder output, compact with a trailing newline. */
    static byte[] input(com.fasterxml.jackson.databind.JsonNode result) {
        return GoJson.compact(result).getBytes(StandardCharsets.UTF_8);
    }

    private static String startError(String program, IOException e) {
        if (!program.contains(File.separator)) {
            return "exec: \"" + program + "\": executable file not found in $PATH";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        int detail = message.indexOf("error=");
        String reason = detail < 0 ? message : message.substring(message.indexOf(',', detail) + 1).strip();
        return "fork/exec " + program + ": " + reason.toLowerCase(java.util.Locale.ROOT);
    }
}
