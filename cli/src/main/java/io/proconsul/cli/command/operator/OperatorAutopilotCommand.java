package io.proconsul.cli.command.operator;

import io.proconsul.cli.command.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code consul operator autopilot}: {@code get-config}, {@code set-config} and {@code state}; alone, its
 * help and exit 1.
 */
@Command(
        name = "autopilot",
        description = "Provides tools for modifying Autopilot configuration",
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {AutopilotGetConfigCommand.class, AutopilotSetConfigCommand.class, AutopilotStateCommand.class})
public final class OperatorAutopilotCommand extends CommandGroup {}
