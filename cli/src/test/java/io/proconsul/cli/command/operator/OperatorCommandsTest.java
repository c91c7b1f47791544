package io.proconsul.cli.command.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.api.Test;

/** Flag validation and failures of {@code consul operator ...}, against an address nobody listens on. */
class OperatorCommandsTest {

    static String deadAddr = "-http-addr=" + CliRun.closedAddress();

    @Test
    void groupsAloneShowTheirHelpAndExitOne() {
        CliRun operator = CliRun.run("operator");
        assertThat(operator.exitCode()).isEqualTo(1);
        assertThat(operator.stderr()).contains("autopilot").contains("raft");
        CliRun raft = CliRun.run("operator", "raft");
        assertThat(raft.exitCode()).isEqualTo(1);
        assertThat(raft.stderr()).contains("list-peers").contains("remove-peer");
        CliRun autopilot = CliRun.run("operator", "autopilot");
        assertThat(autopilot.exitCode()).isEqualTo(1);
        assertThat(autopilot.stderr()).contains("get-config").contains("set-config").contains("state");
    }

    @Test
    void removePeerNeedsExactlyOneOfAddressAndId() {
        CliRun none = CliRun.run("operator", "raft", "remove-peer", deadAddr);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr())
                .isEqualTo("Error removing peer: an address or id is required for the peer to remove\n");
        CliRun both = CliRun.run("operator", "raft", "remove-peer", deadAddr, "-id=a", "-address=127.0.0.1:8300");
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.stderr()).isEqualTo("Error removing peer: cannot give both an address and id\n");
    }

    @Test
    void setConfigValuesAreCheckedAsGoParsesThem() {
        CliRun uint = CliRun.run("operator", "autopilot", "set-config", deadAddr, "-max-trailing-logs=ten");
        assertThat(uint.exitCode()).isEqualTo(1);
        assertThat(uint.stderr()).contains("strconv.ParseUint: parsing \"ten\": invalid syntax");
        CliRun duration = CliRun.run("operator", "autopilot", "set-config", deadAddr, "-last-contact-threshold=5x");
        assertThat(duration.exitCode()).isEqualTo(1);
        assertThat(duration.stderr()).contains("time: unknown unit \"x\" in duration \"5x\"");
        CliRun bool = CliRun.run("operator", "autopilot", "set-config", deadAddr, "-cleanup-dead-servers=nope");
        assertThat(bool.exitCode()).isEqualTo(1);
        assertThat(bool.stderr()).contains("invalid boolean value \"nope\" for -cleanup-dead-servers");
    }

    @Test
    void unreachableAgentErrorsNameWhatFailed() {
        CliRun peers = CliRun.run("operator", "raft", "list-peers", deadAddr);
        assertThat(peers.exitCode()).isEqualTo(1);
        assertThat(peers.stderr()).startsWith("Error getting peers: Failed to retrieve raft configuration: Get ")
                .contains("connection refused");
        CliRun get = CliRun.run("operator", "autopilot", "get-config", deadAddr);
        assertThat(get.stderr()).startsWith("Error querying Autopilot configuration: Get ");
        CliRun set = CliRun.run("operator", "autopilot", "set-config", deadAddr, "-min-quorum=3");
        assertThat(set.stderr()).startsWith("Error querying Autopilot configuration: Get ");
        CliRun state = CliRun.run("operator", "autopilot", "state", deadAddr);
        assertThat(state.exitCode()).isEqualTo(1);
        assertThat(state.stderr()).startsWith("Error querying Autopilot state: Get ").contains("Is the agent running?");
    }

    @Test
    void unknownFlagsExitOne() {
        CliRun run = CliRun.run("operator", "raft", "list-peers", "-nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Unknown option: '-nope'");
    }
}
