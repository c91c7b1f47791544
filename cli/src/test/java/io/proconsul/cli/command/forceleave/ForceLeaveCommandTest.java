package io.proconsul.cli.command.forceleave;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.api.Test;

/** {@code consul force-leave} argument validation and failures, against an address nobody listens on. */
class ForceLeaveCommandTest {

    static String deadAddr = "-http-addr=" + CliRun.closedAddress();

    @Test
    void exactlyOneNodeName() {
        for (String[] args : new String[][] {{"force-leave", deadAddr}, {"force-leave", deadAddr, "a", "b"}}) {
            CliRun run = CliRun.run(args);
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stderr()).startsWith("A single node name must be specified to force leave.\n\n")
                    .contains("consul force-leave [options] name");
        }
    }

    @Test
    void unreachableAgent() {
        CliRun run = CliRun.run("force-leave", deadAddr, "-prune", "node9");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error force leaving: Put \"http://127.0.0.1:")
                .contains("/v1/agent/force-leave/node9?prune=1").contains("connection refused");
    }

    @Test
    void badBooleanValue() {
        CliRun run = CliRun.run("force-leave", "-prune=sometimes", "node9");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("invalid boolean value \"sometimes\" for -prune");
    }
}
