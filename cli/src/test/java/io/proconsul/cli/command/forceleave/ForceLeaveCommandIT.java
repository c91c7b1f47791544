package io.proconsul.cli.command.forceleave;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.Eventually;
import io.proconsul.cli.command.members.GossipAgent;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code consul force-leave} against a real agent whose peer crashed. */
class ForceLeaveCommandIT {

    private static final Duration CONVERGE = Duration.ofSeconds(15);

    @Test
    void failedBecomesLeftAndPruneForgets(@TempDir Path dir) throws Exception {
        try (GossipAgent agent = GossipAgent.start(dir, "srv1")) {
            SerfPool crashed = agent.peer("crashed");
            SerfPool pruned = agent.peer("pruned");
            crashed.join(List.of(GossipAgent.gossipAddr(agent.lan))).get();
            pruned.join(List.of(GossipAgent.gossipAddr(agent.lan))).get();
            Eventually.within(CONVERGE, () -> assertThat(agent.lan.members()).hasSize(3));
            crashed.close();
            pruned.close();
            Eventually.within(CONVERGE, () -> assertThat(
                    CliRun.run("members", agent.httpAddrFlag(), "-status=failed").out().lines().count()).isEqualTo(3));

            CliRun leave = CliRun.run("force-leave", agent.httpAddrFlag(), "crashed");
            assertThat(leave.exitCode()).as(leave.toString()).isZero();
            assertThat(leave.out()).isEmpty();
            CliRun prune = CliRun.run("force-leave", agent.httpAddrFlag(), "-prune", "pruned");
            assertThat(prune.exitCode()).as(prune.toString()).isZero();
            Eventually.within(CONVERGE, () -> {
                String members = CliRun.run("members", agent.httpAddrFlag()).out();
                assertThat(members).containsPattern("crashed +\\S+ +left ").doesNotContain("pruned");
            });

            CliRun unknown = CliRun.run("force-leave", agent.httpAddrFlag(), "nobody");
            assertThat(unknown.exitCode()).isEqualTo(1);
            // The agent runs in this JVM and logs to the same stderr, so only the command's last line is compared.
            assertThat(unknown.stderr()).endsWith("Error force leaving: Unexpected response code: 500 "
                    + "(agent: No node found with name 'nobody')\n");
        }
    }
}
