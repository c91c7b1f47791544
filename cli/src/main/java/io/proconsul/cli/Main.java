package io.proconsul.cli;

import picocli.CommandLine;

/** Entry point of {@code agent.jar}: the daemon and the CLI, as the {@code consul} binary is both. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code; for tests, which must not call {@link System#exit}. */
    public static int run(String... args) {
        return ConsulCommand.commandLine().execute(args);
    }
}
