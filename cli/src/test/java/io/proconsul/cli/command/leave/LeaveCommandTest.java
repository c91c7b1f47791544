package io.proconsul.cli.command.leave;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.api.Test;

/** {@code consul leave} argument validation and failures, against an address nobody listens on. */
class LeaveCommandTest {

    static String deadAddr = "-http-addr=" + CliRun.closedAddress();

    @Test
    void argumentsAreRefusedAsConsulDoes() {
        CliRun run = CliRun.run("leave", deadAddr, "now", "please");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error found unexpected args: [now please]\n");
        assertThat(run.out()).contains("consul leave [options]");
    }

    @Test
    void unreachableAgent() {
        CliRun run = CliRun.run("leave", deadAddr);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error leaving: Put \"http://127.0.0.1:")
                .contains("connection refused").contains("Is the agent running?");
    }

    @Test
    void unknownFlagExitsOne() {
        CliRun run = CliRun.run("leave", "-force");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Unknown option: '-force'");
    }
}
