package io.proconsul.cli.command.operator;

import io.proconsul.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code consul operator}: the parent of the cluster-operator subcommands ({@code raft}, {@code autopilot}).
 * On its own it prints its help to stderr and exits 1, as Consul does for a command group.
 */
@Command(
        name = "operator",
        description = "Provides cluster-level tools for Consul operators",
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {OperatorAutopilotCommand.class, OperatorRaftCommand.class})
public final class OperatorCommand extends CommandGroup {}
