package io.proconsul.cli.command.lock;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.client.SessionClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul lock [options] prefix child...} (command/lock/lock.go): acquires the lock at
 * {@code <prefix>/.lock} ({@code -n 1}) or a slot of the semaphore under {@code <prefix>/} ({@code -n > 1}),
 * runs the child while holding it, and releases when the child exits. If the hold is lost, or on SIGINT or
 * SIGTERM, the child gets SIGTERM and, after 5 s, SIGKILL. Signals are forwarded to the child. Messages and
 * exit codes are Consul's: 1 for any failure, 2 for a failed child with {@code -child-exit-code}.
 */
@Command(
        name = "lock",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul lock [options] prefix child...",
        description = {"Execute a command holding a lock", "",
            "  Acquires a lock or semaphore at a given path, and invokes a child process",
            "  when successful. The child process can assume the lock is held while it",
            "  executes. If the lock is lost or communication is disrupted the child",
            "  process will be sent a SIGTERM signal and given time to gracefully exit.",
            "  After the grace period expires the process will be hard terminated.", "",
            "  When -n=1, only a single lock holder or leader exists providing mutual",
            "  exclusion. Setting a higher value switches to a semaphore allowing multiple",
            "  holders to coordinate.", "",
            "  The prefix provided must have write privileges.", ""})
public final class LockCommand extends AgentApiCommand {

    /** Consul's {@code defaultMonitorRetryTime}. */
    static final Duration MONITOR_RETRY_TIME = Duration.ofSeconds(1);

    @Option(names = {"-child-exit-code", "--child-exit-code"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Exit 2 if the child process exited with an error. Default: false.")
    boolean childExitCode;

    @Option(names = {"-n", "--n"}, paramLabel = "<int>", defaultValue = "1",
            description = "Optional limit on the number of concurrent lock holders; above 1 a semaphore is "
                    + "used. Default: 1.")
    int limit;

    @Option(names = {"-monitor-retry", "--monitor-retry"}, paramLabel = "<int>", defaultValue = "3",
            description = "Number of times to retry if Consul returns a 500 error while monitoring the lock, "
                    + "1s apart; 0 disables retries. Default: 3.")
    int monitorRetry;

    @Option(names = {"-name", "--name"}, paramLabel = "<string>", defaultValue = "",
            description = "Optional name to associate with the lock session. Default: generated from the "
                    + "child command.")
    String name;

    @Option(names = {"-pass-stdin", "--pass-stdin"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Pass stdin to the child process.")
    boolean passStdin;

    // No defaultValue: picocli would apply it after GoBool set the flag, so -shell=false would be lost.
    @Option(names = {"-shell", "--shell"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Use a shell to run the command (SHELL, else /bin/sh). Default: true.")
    boolean shell = true;

    @Option(names = {"-timeout", "--timeout", "-try", "--try"}, paramLabel = "<duration>", defaultValue = "0",
            converter = HttpOptions.GoDurationConverter.class,
            description = "Maximum amount of time to wait to acquire the lock, such as \"1s\" or \"3h\". "
                    + "-try is a deprecated alias. Default: 0 (wait for ever).")
    Duration timeout;

    @Option(names = {"-verbose", "--verbose"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Enable verbose (debugging) output.")
    boolean verbose;

    @Parameters(paramLabel = "prefix child...", arity = "0..*", description = "The KV prefix and the child command.")
    List<String> args = new ArrayList<>();

    private final CompletableFuture<Void> shutdown = new CompletableFuture<>();

    @Override
    public Integer call() {
        if (limit <= 0) {
            error("Lock holder limit must be positive");
            return 1;
        }
        if (args.size() < 2) {
            error("Key prefix and child command must be specified");
            return 1;
        }
        String prefix = args.get(0).startsWith("/") ? args.get(0).substring(1) : args.get(0);
        List<String> child = args.subList(1, args.size());
        if (timeout.isNegative()) {
            error("Timeout must be positive");
            return 1;
        }
        String session = name.isEmpty()
                ? "Consul lock for '" + String.join(" ", child) + "' at '" + prefix + "'" : name;
        if (monitorRetry < 0) {
            error("Number for 'monitor-retry' must be >= 0");
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        try {
            ConsulHttpClient.Response self = client.get().get("/v1/agent/self", Map.of());
            if (self.status() != 200) {
                throw ConsulApiException.unexpectedStatus(self.status(), self.text());
            }
        } catch (ConsulApiException e) {
            return fail("Error querying Consul agent: ", e);
        }
        Contender contender = setup(client.get(), prefix, session);
        LockSignals signals = LockSignals.install(shutdown);
        try {
            return run(contender, child, signals);
        } finally {
            signals.restore();
        }
    }

    private Contender setup(ConsulHttpClient http, String prefix, String session) {
        KvClient kv = new KvClient(http);
        LockKv reads = new LockKv(http);
        SessionClient sessions = new SessionClient(http);
        if (limit == 1) {
            String key = join(prefix, ".lock");
            info("Setting up lock at path: " + key);
            return new ConsulLock(kv, reads, sessions, key, session, timeout, monitorRetry, MONITOR_RETRY_TIME);
        }
        info("Setting up semaphore (limit " + limit + ") at prefix: " + prefix);
        return new ConsulSemaphore(kv, reads, sessions, prefix, limit, session, timeout, monitorRetry,
                MONITOR_RETRY_TIME);
    }

    private int run(Contender contender, List<String> child, LockSignals signals) {
        info("Attempting lock acquisition");
        CompletableFuture<Void> lost;
        try {
            lost = contender.acquire(shutdown);
        } catch (LockException e) {
            error("Lock acquisition failed: " + e.getMessage());
            return 1;
        }
        if (lost == null) {
            error("Shutdown triggered or timeout during lock acquisition");
            return 1;
        }
        int childCode = 0;
        if (shutdown.isDone()) {
            error("Shutdown triggered during lock acquisition");
        } else {
            childCode = runChild(child, lost, signals);
        }
        try {
            contender.release();
        } catch (LockException e) {
            error("Lock release failed: " + e.getMessage());
            return 1;
        }
        try {
            contender.cleanup();
            info("Cleanup succeeded");
        } catch (LockException e) {
            if (!e.inUse()) {
                error("Lock cleanup failed: " + e.getMessage());
                return 1;
            }
            info("Cleanup aborted, lock in use");
        }
        return childExitCode ? childCode : 0;
    }

    /** Runs the child until it exits, the hold is lost or a shutdown signal arrives; 2 if it failed. */
    private int runChild(List<String> command, CompletableFuture<Void> lost, LockSignals signals) {
        info("Starting handler");
        if (passStdin) {
            info("Stdin passed to handler process");
        }
        LockChild child;
        try {
            child = LockChild.start(command, shell, passStdin);
        } catch (IOException e) {
            error("Error starting handler: " + e.getMessage());
            return 2;
        }
        signals.forwardTo(child);
        try {
            CompletableFuture.anyOf(child.exit(), lost, shutdown).get();
            if (child.exit().isDone()) {
                int code = child.exit().get();
                info("Child terminated, releasing lock");
                if (code != 0) {
                    error("Error running handler: exit status " + code);
                    return 2;
                }
                return 0;
            }
            info(shutdown.isDone() ? "Shutdown triggered, killing child" : "Lock lost, killing child");
            info("Terminating child pid " + child.pid());
            if (child.kill()) {
                info("Child did not exit after grace period of 5s");
                info("Killing child pid " + child.pid());
            } else {
                info("Child terminated");
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException e) {
            error(String.valueOf(e.getCause()));
            return 0;
        } finally {
            signals.forwardTo(null);
        }
    }

    /** Consul's {@code c.UI.Info} with {@code -verbose}: stdout. */
    private void info(String line) {
        if (verbose) {
            output(line);
        }
    }

    /** Go's {@code path.Join} of a prefix and one element (empty parts dropped, single slashes). */
    static String join(String prefix, String element) {
        String p = prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? element : p + "/" + element;
    }

    /** Ends a run as SIGINT would; for callers in this JVM (tests). */
    void shutdown() {
        shutdown.complete(null);
    }
}
