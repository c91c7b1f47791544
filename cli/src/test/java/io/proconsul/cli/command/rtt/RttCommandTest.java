package io.proconsul.cli.command.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code consul rtt} argument validation and failures, against an address nobody listens on. */
class RttCommandTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void oneOrTwoNodeNames(int count) {
        String[] args = new String[count + 2];
        args[0] = "rtt";
        args[1] = "-http-addr=" + CliRun.closedAddress();
        for (int i = 0; i < count; i++) {
            args[i + 2] = "n" + i;
        }
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("One or two node names must be specified\n\nUsage: consul rtt [options] "
                + "node1 [node2]");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void wanNamesNeedTheirDatacenter() {
        CliRun run = CliRun.run("rtt", "-http-addr=" + CliRun.closedAddress(), "-wan", "a.dc1", "b");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Node names must be specified as <node name>.<datacenter> with -wan\n");
    }

    @Test
    void unreachableAgent() {
        CliRun run = CliRun.run("rtt", "-http-addr=" + CliRun.closedAddress(), "a", "b");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error getting coordinates: ").contains("Is the agent running?");
        CliRun self = CliRun.run("rtt", "-http-addr=" + CliRun.closedAddress(), "a");
        assertThat(self.exitCode()).isEqualTo(1);
        assertThat(self.stderr()).startsWith("Unable to look up agent info: ");
    }

    @Test
    void unknownFlagExitsOne() {
        CliRun run = CliRun.run("rtt", "-verbose", "a");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Unknown option: '-verbose'");
    }

    @Test
    void quoteIsGosPercentQ() {
        assertThat(RttCommand.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
