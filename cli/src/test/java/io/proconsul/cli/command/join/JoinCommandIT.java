package io.proconsul.cli.command.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.Eventually;
import io.proconsul.cli.command.members.GossipAgent;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code consul join} against a real agent: one reachable and one unreachable address. */
class JoinCommandIT {

    @Test
    void joinsWhatAnswersAndReportsTheRest(@TempDir Path dir) throws Exception {
        try (GossipAgent agent = GossipAgent.start(dir, "srv1")) {
            SerfPool other = agent.peer("cli1");
            CliRun run = CliRun.run("join", agent.httpAddrFlag(), GossipAgent.gossipAddr(other), "127.0.0.1:1");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).isEqualTo("Successfully joined cluster by contacting 1 nodes.\n");
            // The agent runs in this JVM and logs to the same stderr.
            assertThat(run.stderr()).contains("Error joining address '127.0.0.1:1': Unexpected response code: 500 (")
                    .contains("Failed to join 127.0.0.1:1");
            Eventually.within(Duration.ofSeconds(15), () ->
                    assertThat(CliRun.run("members", agent.httpAddrFlag()).out()).contains("cli1 "));

            CliRun wan = CliRun.run("join", agent.httpAddrFlag(), "-wan", "127.0.0.1:1");
            assertThat(wan.exitCode()).isEqualTo(1);
            assertThat(wan.stderr()).contains("Error joining address '127.0.0.1:1'")
                    .endsWith("Failed to join any nodes.\n");
        }
    }
}
