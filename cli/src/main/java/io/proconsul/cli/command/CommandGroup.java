package io.proconsul.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code consul kv}, {@code consul catalog}, {@code consul operator
 * raft} ...). Run on its own it prints its help to stderr and exits 1, as Consul does for a command group
 * without a subcommand.
 */
public abstract class CommandGroup implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public final Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }
}
