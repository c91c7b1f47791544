package io.proconsul.cli.command.catalog;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code consul catalog}: the parent of {@code datacenters}, {@code nodes} and {@code services}, which read
 * the catalog over {@code /v1/catalog/*}. On its own it prints its help to stderr and exits 1, as Consul
 * does for a command group without a subcommand.
 */
@Command(
        name = "catalog",
        description = "Interact with the catalog",
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {
            CatalogDatacentersCommand.class,
            CatalogNodesCommand.class,
            CatalogServicesCommand.class,
        })
public final class CatalogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }
}
