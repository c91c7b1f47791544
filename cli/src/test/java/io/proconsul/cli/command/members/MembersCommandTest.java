package io.proconsul.cli.command.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.api.Test;

/** {@code consul members} flag validation and failures, against an address nobody listens on. */
class MembersCommandTest {

    static String deadAddr = "-http-addr=" + CliRun.closedAddress();

    @Test
    void badStatusRegexpIsRefusedBeforeAnyRequest() {
        CliRun run = CliRun.run("members", deadAddr, "-status=[");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Failed to compile status regexp: ").contains("`[`");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownFlagExitsOneWithUsage() {
        CliRun run = CliRun.run("members", "-nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Unknown option: '-nope'").contains("consul members [options]");
    }

    @Test
    void badBooleanValueIsGosError() {
        CliRun run = CliRun.run("members", "-wan=maybe");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("invalid boolean value \"maybe\" for -wan");
    }

    @Test
    void unreachableAgentSaysWhatToCheck() {
        CliRun run = CliRun.run("members", deadAddr);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error retrieving members: Get \"http://127.0.0.1:")
                .contains("connect: connection refused").contains("Is the agent running?");
    }

    @Test
    void deprecatedRpcAddrStillWorksWithAWarning() {
        CliRun run = CliRun.run("members", deadAddr.replace("-http-addr", "-rpc-addr"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Warning: -rpc-addr is deprecated").contains("Error retrieving members");
    }
}
