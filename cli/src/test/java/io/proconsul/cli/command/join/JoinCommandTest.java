package io.proconsul.cli.command.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.api.Test;

/** {@code consul join} argument validation and failures, against an address nobody listens on. */
class JoinCommandTest {

    static String deadAddr = "-http-addr=" + CliRun.closedAddress();

    @Test
    void noAddressIsAnErrorWithHelp() {
        CliRun run = CliRun.run("join", deadAddr);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("At least one address to join must be specified.\n\n")
                .contains("consul join [options] address ...");
    }

    @Test
    void everyFailedAddressIsReportedThenTheSummary() {
        CliRun run = CliRun.run("join", deadAddr, "10.0.0.1", "10.0.0.2");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Error joining address '10.0.0.1': Put \"http://127.0.0.1:")
                .contains("Error joining address '10.0.0.2': ").contains("Failed to join any nodes.")
                .contains("Is the agent running?");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void flagsEndAtTheFirstAddressAsWithGo() {
        // "-wan" after an address is one more address, so two joins are tried.
        CliRun run = CliRun.run("join", deadAddr, "10.0.0.1", "-wan");
        assertThat(run.stderr()).contains("Error joining address '-wan': ");
    }

    @Test
    void unknownFlagExitsOne() {
        CliRun run = CliRun.run("join", "-bogus", "10.0.0.1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Unknown option: '-bogus'");
    }
}
