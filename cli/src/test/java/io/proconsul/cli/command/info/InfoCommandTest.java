package io.proconsul.cli.command.info;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code consul info} flag validation and failures, against an address nobody listens on. */
class InfoCommandTest {

    @Test
    void unreachableAgent() throws IOException {
        String dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = "-http-addr=127.0.0.1:" + s.getLocalPort();
        }
        CliRun run = CliRun.run("info", dead);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error querying agent: Get \"http://127.0.0.1:")
                .contains("connection refused").contains("Is the agent running?");
    }

    @Test
    void unknownFlagExitsOne() {
        CliRun run = CliRun.run("info", "-verbose");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Unknown option: '-verbose'");
    }

    @Test
    void badTokenFileIsAConnectionSetupError() {
        CliRun run = CliRun.run("info", "-token-file=/nonexistent/token");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error connecting to Consul agent: Error loading token file: open "
                + "/nonexistent/token: no such file or directory\n");
    }
}
