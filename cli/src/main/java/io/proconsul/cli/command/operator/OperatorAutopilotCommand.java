package io.proconsul.cli.command.operator;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code consul operator autopilot}: {@code get-config}, {@code set-config} and {@code state}; alone, its
 * help and exit 1.
 */
@Command(
        name = "autopilot",
        description = "Provides tools for modifying Autopilot configuration",
        synopsisSubcommandLabel = "<subcommand>",
        subcommands = {AutopilotGetConfigCommand.class, AutopilotSetConfigCommand.class, AutopilotStateCommand.class})
public final class OperatorAutopilotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 1;
    }
}
