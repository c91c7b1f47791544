package io.proconsul.cli.command.operator;

import io.proconsul.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/** {@code consul operator raft}: {@code list-peers} and {@code remove-peer}; alone, its help and exit 1. */
@Command(
        name = "raft",
        description = "Provides cluster-level tools for Consul operators",
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {RaftListPeersCommand.class, RaftRemovePeerCommand.class})
public final class OperatorRaftCommand extends CommandGroup {}
