package io.proconsul.cli.command.kv;

import io.proconsul.cli.command.CommandGroup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code consul kv}: the parent of the key/value subcommands. On its own it prints its help to stderr and
 * exits 1, as Consul does for a command group without a subcommand.
 */
@Command(
        name = "kv",
        description = "Interact with the key-value store",
        synopsisSubcommandLabel = "<subcommand>",
        modelTransformer = KvCommand.StopAtPositional.class,
        subcommands = {
            KvDeleteCommand.class,
            KvExportCommand.class,
            KvGetCommand.class,
            KvImportCommand.class,
            KvPutCommand.class,
        })
public final class KvCommand extends CommandGroup {

    /**
     * Go's {@code flag} package stops at the first non-flag argument; Consul's kv commands depend on it
     * ({@code kv put key -} reads stdin, {@code kv put key -5} stores "-5").
     */
    static final class StopAtPositional implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            for (CommandLine sub : spec.subcommands().values()) {
                sub.setStopAtPositional(true);
            }
            return spec;
        }
    }
}
