package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code agent} command runs on a command line that holds the agent's model alone; usage and errors
 * must read exactly as on the full one.
 */
class MainTest {

    @Test
    void agentCommandLineHoldsTheAgentCommandAlone() {
        assertThat(Main.agentOnly().getSubcommands()).containsOnlyKeys("agent");
    }

    @Test
    void agentUsageErrorReadsAsOnTheFullCommandLine() {
        String[] args = {"agent", "-no-such-flag"};
        Output agentOnly = run(Main.agentOnly(), args);
        Output full = run(ConsulCommand.commandLine(), args);
        assertThat(agentOnly.code).isEqualTo(1).isEqualTo(full.code);
        assertThat(agentOnly.err).startsWith("Unknown option: '-no-such-flag'").contains("Usage: consul agent ")
                .isEqualTo(full.err);
    }

    @Test
    void agentBadFlagValueReadsAsOnTheFullCommandLine() {
        String[] args = {"agent", "-bootstrap-expect=three"};
        Output agentOnly = run(Main.agentOnly(), args);
        Output full = run(ConsulCommand.commandLine(), args);
        assertThat(agentOnly.code).isEqualTo(1).isEqualTo(full.code);
        assertThat(agentOnly.err).contains("-bootstrap-expect").isEqualTo(full.err);
    }

    private record Output(int code, String err) {}

    private static Output run(CommandLine cl, String... args) {
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Output(code, err.toString());
    }
}
