package io.proconsul.core.check;

import io.proconsul.core.GoDuration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's {@code CheckMonitor} with {@code args}: runs the program directly (no shell), exit 0 is
 * passing, 1 warning, anything else critical. Output (stdout and stderr together) is kept to the last
 * {@code outputMaxSize} bytes. Past the timeout (default 30 s) the program and every process it started
 * are killed and the check is critical with {@code "Timed out (30s) running check"}, followed by the
 * output so far.
 *
 * <p>Output goes to a temporary file rather than a pipe: a grandchild that outlives the kill cannot then
 * keep a reader blocked, and no extra thread is needed to drain it.
 */
final class ScriptProbe implements Probe {

    private static final Logger log = LoggerFactory.getLogger(ScriptProbe.class);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> args;
    private final Duration timeout;
    private final int outputMaxSize;

    ScriptProbe(List<String> args, Duration timeout, int outputMaxSize) {
        this.args = List.copyOf(args);
        this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
        this.outputMaxSize = outputMaxSize;
    }

    @Override
    public CheckResult check() throws InterruptedException {
        Path out;
        try {
            out = Files.createTempFile("proconsul-check", ".out");
        } catch (IOException e) {
            return CheckResult.critical("failed to create output file: " + e.getMessage());
        }
        try {
            return run(out);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                log.warn("could not delete check output file {}", out, e);
            }
        }
    }

    private CheckResult run(Path out) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            return CheckResult.critical(e.getMessage());
        }
        closeStdin(process);
        boolean exited;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException stopped) {
            killTree(process);
            throw stopped;
        }
        if (!exited) {
            killTree(process);
            process.waitFor();
            String message = "Timed out (" + GoDuration.format(timeout) + ") running check";
            String output = readTail(out);
            return CheckResult.critical(output.isEmpty() ? message : message + "\n\n" + output);
        }
        String output = readTail(out);
        return switch (process.exitValue()) {
            case 0 -> CheckResult.passing(output);
            case 1 -> CheckResult.warning(output);
            default -> CheckResult.critical(output);
        };
    }

    /**
     * Kills the process and everything it started (Consul's {@code KillCommandSubtree}). Descendants go
     * first: once the parent is gone its children are re-parented and no longer found through it.
     */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** No stdin, as Go's {@code exec.Cmd} with a nil {@code Stdin}: a script reading it sees end of file. */
    private static void closeStdin(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyGone) {
            log.debug("check script stdin already closed", alreadyGone);
        }
    }

    private String readTail(Path out) {
        OutputTail tail = new OutputTail(outputMaxSize);
        byte[] chunk = new byte[8192];
        try (InputStream in = Files.newInputStream(out)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                tail.write(chunk, 0, n);
            }
        } catch (IOException e) {
            log.warn("could not read check output {}", out, e);
        }
        return tail.scriptOutput();
    }
}
