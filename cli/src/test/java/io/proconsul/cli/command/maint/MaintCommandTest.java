package io.proconsul.cli.command.maint;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code consul maint}: Consul's flag checks, each exiting 1 before any request. */
class MaintCommandTest {

    static String deadAddr = "-http-addr=" + CliRun.closedAddress();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-enable  | -disable     | Only one of -enable or -disable may be provided",
        "-disable | -reason=x    | Reason may only be provided with -enable",
        "-reason=x| -service=web | Reason may only be provided with -enable",
        "-service=web | -stale       | Service requires either -enable or -disable"})
    void conflictingFlags(String a, String b, String message) {
        CliRun run = CliRun.run("maint", deadAddr, a, b);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo(message + "\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unreachableAgent() {
        CliRun run = CliRun.run("maint", deadAddr, "-enable");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error querying Consul agent: Get \"http://127.0.0.1:")
                .contains("Is the agent running?");
    }

    @Test
    void badBooleanAndUnknownFlag() {
        assertThat(CliRun.run("maint", "-enable=maybe").stderr())
                .contains("invalid boolean value \"maybe\" for -enable");
        assertThat(CliRun.run("maint", "-enable=maybe").exitCode()).isEqualTo(1);
        assertThat(CliRun.run("maint", "-bogus").exitCode()).isEqualTo(1);
    }
}
