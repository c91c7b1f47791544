package io.proconsul.cli.command.operator;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code consul operator}: the parent of the cluster-operator subcommands ({@code raft}, {@code autopilot}).
 * On its own it prints its help to stderr and exits 1, as Consul does for a command group.
 */
@Command(
        name = "operator",
        description = "Provides cluster-level tools for Consul operators",
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {OperatorAutopilotCommand.class, OperatorRaftCommand.class})
public final class OperatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }
}
