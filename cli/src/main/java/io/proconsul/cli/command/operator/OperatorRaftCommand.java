package io.proconsul.cli.command.operator;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code consul operator raft}: {@code list-peers} and {@code remove-peer}; alone, its help and exit 1. */
@Command(
        name = "raft",
        description = "Provides cluster-level tools for Consul operators",
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {RaftListPeersCommand.class, RaftRemovePeerCommand.class})
public final class OperatorRaftCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }
}
