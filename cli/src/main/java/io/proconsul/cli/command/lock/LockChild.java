package io.proconsul.cli.command.lock;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The child that runs while the lock is held, as Consul's {@code startChild}/{@code killChild}: with
 * {@code -shell} the arguments joined by spaces run under {@code $SHELL -c} ({@code /bin/sh} when unset),
 * otherwise the first argument is the program. It inherits stdout and stderr, gets stdin only with
 * {@code -pass-stdin} (else {@code /dev/null}), and sees {@code CONSUL_LOCK_HELD=true}. Killing it is
 * SIGTERM, then SIGKILL after {@link #KILL_GRACE} (Consul's {@code lockKillGracePeriod}).
 */
final class LockChild {

    static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final CompletableFuture<Integer> exit;

    private LockChild(Process process) {
        this.process = process;
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    /** Starts the child; throws with the JVM's reason when it cannot be executed. */
    static LockChild start(List<String> args, boolean shell, boolean passStdin) throws IOException {
        List<String> command = new ArrayList<>();
        if (shell) {
            String sh = System.getenv("SHELL");
            command.add(sh == null || sh.isEmpty() ? "/bin/sh" : sh);
            command.add("-c");
            command.add(String.join(" ", args));
        } else {
            command.addAll(args);
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(passStdin ? ProcessBuilder.Redirect.INHERIT
                        : ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("CONSUL_LOCK_HELD", "true");
        return new LockChild(pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** Completes with the exit code when the child ends. */
    CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Sends {@code signal} ({@code INT}, {@code HUP} ...) to the child, as Consul forwards its signals. */
    void signal(String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("Warning, could not forward signal: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; true when SIGKILL was needed. */
    boolean kill() throws InterruptedException {
        process.destroy();
        if (process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        process.destroyForcibly();
        process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }
}
