package io.proconsul.cli.command.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code consul reload} against an address nobody listens on, and with a bad flag. */
class ReloadCommandTest {

    @Test
    void unreachableAgent() throws IOException {
        String dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = "-http-addr=127.0.0.1:" + s.getLocalPort();
        }
        CliRun run = CliRun.run("reload", dead);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error reloading: Put \"http://127.0.0.1:")
                .contains("Is the agent running?");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownFlagExitsOne() {
        CliRun run = CliRun.run("reload", "-bogus");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Unknown option: '-bogus'");
    }
}
