package io.proconsul.cli.command.leave;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.Eventually;
import io.proconsul.cli.command.members.GossipAgent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code consul leave} against a real agent: it leaves gracefully, then asks the agent to shut down. */
class LeaveCommandIT {

    @Test
    void othersSeeALeaveAndTheAgentShutsDown(@TempDir Path dir) throws Exception {
        try (GossipAgent agent = GossipAgent.start(dir, "srv1")) {
            SerfPool watcher = agent.peer("watcher");
            watcher.join(List.of(GossipAgent.gossipAddr(agent.lan))).get();
            Eventually.within(Duration.ofSeconds(15), () -> assertThat(watcher.members()).hasSize(2));

            CliRun run = CliRun.run("leave", agent.httpAddrFlag());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).isEqualTo("Graceful leave complete\n");
            assertThat(agent.shutdown.await(15, TimeUnit.SECONDS)).isTrue();
            Eventually.within(Duration.ofSeconds(15), () -> assertThat(watcher.members())
                    .filteredOn(m -> m.name().equals("srv1")).singleElement()
                    .extracting(m -> m.status()).isEqualTo(MemberStatus.LEFT));
        }
    }
}
