package io.proconsul.cli;

import io.proconsul.cli.command.agent.AgentCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Entry point of {@code agent.jar}: the daemon and the CLI, as the {@code consul} binary is both. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit code; for tests, which must not call {@link System#exit}. */
    public static int run(String... args) {
        CommandLine cl = args.length > 0 && "agent".equals(args[0]) ? agentOnly() : ConsulCommand.commandLine();
        return cl.execute(args);
    }

    /**
     * {@code consul} with the {@code agent} subcommand alone, for the process that becomes the agent. The
     * full command line builds the model of every command (about 90 of our classes, 1,100 reflected
     * methods, 500 option specs) and the agent process keeps it for its whole life, since the agent runs
     * inside {@code execute}; the agent needs none of it. Usage and errors read as with the full command line
     * ({@code Usage: consul agent ...}, exit 1), with {@link ConsulCommand#commandLine}'s conventions.
     */
    static CommandLine agentOnly() {
        CommandLine cl = new CommandLine(CommandSpec.create().name("consul"));
        cl.addSubcommand("agent", new CommandLine(new AgentCommand()));
        return ConsulCommand.withConsulConventions(cl);
    }
}
