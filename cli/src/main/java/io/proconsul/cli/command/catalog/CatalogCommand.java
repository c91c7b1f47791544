package io.proconsul.cli.command.catalog;

import io.proconsul.cli.command.CommandGroup;
import picocli.CommandLine.Command;

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
public final class CatalogCommand extends CommandGroup {}
