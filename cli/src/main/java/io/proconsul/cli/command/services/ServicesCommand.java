package io.proconsul.cli.command.services;

import io.proconsul.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code consul services}: the parent of {@code register} and {@code deregister}, which manage the local
 * agent's services over {@code /v1/agent/service/*}. On its own it prints its help to stderr and exits 1.
 */
@Command(
        name = "services",
        description = "Interact with services",
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {
            ServicesRegisterCommand.class,
            ServicesDeregisterCommand.class,
        })
public final class ServicesCommand extends CommandGroup {}
