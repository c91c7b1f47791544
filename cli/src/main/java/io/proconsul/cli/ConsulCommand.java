package io.proconsul.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command. Each Consul command is one subcommand class; commands other than {@code agent}
 * reach the agent only over its HTTP API.
 *
 * <p>Consul's exit codes: 0 on success, 1 on any error, including bad flags (picocli's 2 is mapped to 1).
 */
@Command(
        name = "consul",
        mixinStandardHelpOptions = false,
        synopsisSubcommandLabel = "<command>",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.proconsul.cli.command.agent.AgentCommand.class,
            io.proconsul.cli.command.catalog.CatalogCommand.class,
            io.proconsul.cli.command.event.EventCommand.class,
            io.proconsul.cli.command.exec.ExecCommand.class,
            io.proconsul.cli.command.forceleave.ForceLeaveCommand.class,
            io.proconsul.cli.command.info.InfoCommand.class,
            io.proconsul.cli.command.join.JoinCommand.class,
            io.proconsul.cli.command.kv.KvCommand.class,
            io.proconsul.cli.command.leave.LeaveCommand.class,
            io.proconsul.cli.command.lock.LockCommand.class,
            io.proconsul.cli.command.maint.MaintCommand.class,
            io.proconsul.cli.command.members.MembersCommand.class,
            io.proconsul.cli.command.operator.OperatorCommand.class,
            io.proconsul.cli.command.reload.ReloadCommand.class,
            io.proconsul.cli.command.rtt.RttCommand.class,
            io.proconsul.cli.command.services.ServicesCommand.class,
            io.proconsul.cli.command.snapshot.SnapshotCommand.class,
            io.proconsul.cli.command.VersionCommand.class,
            io.proconsul.cli.command.ValidateCommand.class,
            io.proconsul.cli.command.watch.WatchCommand.class,
        })
public final class ConsulCommand implements Runnable {

    /** Builds the command line with Consul's conventions: usage errors exit 1 and go to stderr. */
    public static CommandLine commandLine() {
        return withConsulConventions(new CommandLine(new ConsulCommand()));
    }

    /**
     * Consul's conventions on {@code cl}: no {@code @argument-files}, usage errors (message, then usage) and
     * execution errors ({@code Error: ...}) on stderr with exit 1. Returns {@code cl}.
     */
    static CommandLine withConsulConventions(CommandLine cl) {
        // Consul has no @argument-files: "kv put k @file" and "kv import @file" read the file themselves.
        cl.setExpandAtFiles(false);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getMessage());
            ex.getCommandLine().usage(err);
            return 1;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("Error: " + ex.getMessage());
            return 1;
        });
        return cl;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code consul -v}, {@code -version} and {@code --version} print what {@code consul version} prints. */
    @CommandLine.Option(names = {"-v", "-version", "--version"}, description = "Prints the version")
    boolean version;

    @Override
    public void run() {
        CommandLine cl = spec.commandLine();
        if (version) {
            int code = cl.getSubcommands().get("version").execute();
            if (code != 0) {
                throw new CommandLine.ExecutionException(cl, "version failed");
            }
            return;
        }
        cl.usage(cl.getErr());
        throw new CommandLine.ParameterException(cl, "a command is required");
    }
}
