package io.proconsul.cli.command.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code consul members} against a real agent with a real client agent's pool joined to it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembersCommandIT {

    private GossipAgent agent;
    private SerfPool client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        agent = GossipAgent.start(dir, "srv1");
        client = agent.peer("cli1");
        assertThat(client.join(List.of(GossipAgent.gossipAddr(agent.lan))).get()).isEqualTo(1);
        Eventually.within(Duration.ofSeconds(15), () -> assertThat(agent.lan.members()).hasSize(2));
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void tableListsTheServerFirstThenTheClient() {
        CliRun run = CliRun.run("members", agent.httpAddrFlag());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).matches("Node +Address +Status +Type +Build +Protocol +DC +Partition +Segment");
        assertThat(lines.get(1)).matches("srv1 +127\\.0\\.0\\.1:" + agent.lan.boundPort()
                + " +alive +server +\\S+ +2 +dc1 +default +<all>");
        assertThat(lines.get(2)).matches("cli1 +127\\.0\\.0\\.1:" + client.boundPort()
                + " +alive +client +\\S+ +2 +dc1 +default +<default>");
        assertThat(lines).hasSize(3);
    }

    @Test
    void detailedStatusFilterAndWan() {
        CliRun detailed = CliRun.run("members", agent.httpAddrFlag(), "-detailed", "-status=alive");
        assertThat(detailed.out().lines().findFirst().orElseThrow()).matches("Node +Address +Status +Tags");
        assertThat(detailed.out()).contains("ap=default,build=").contains("role=node,segment=<default>,vsn=2");

        CliRun none = CliRun.run("members", agent.httpAddrFlag(), "-status=failed");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.out()).isEmpty();

        CliRun wan = CliRun.run("members", agent.httpAddrFlag(), "-wan");
        assertThat(wan.exitCode()).isZero();
        assertThat(wan.out().lines().skip(1).toList()).singleElement().asString().startsWith("srv1.dc1 ");

        CliRun segment = CliRun.run("members", agent.httpAddrFlag(), "-segment=alpha");
        assertThat(segment.exitCode()).isEqualTo(1);
        assertThat(segment.stderr()).endsWith("Error retrieving members: Unexpected response code: 500 "
                + "(Network segments are not supported in this version of Consul)\n");
    }

    @Test
    void filterRunsInTheAgent() {
        CliRun clients = CliRun.run("members", agent.httpAddrFlag(), "-filter=Tags.role == node");
        assertThat(clients.exitCode()).as(clients.toString()).isZero();
        assertThat(clients.out().lines().skip(1).toList()).singleElement().asString().startsWith("cli1 ");

        CliRun none = CliRun.run("members", agent.httpAddrFlag(), "-filter", "Name == nobody");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.out()).isEmpty();

        CliRun bad = CliRun.run("members", agent.httpAddrFlag(), "-filter=Bogus == 1");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).isEqualTo("Error retrieving members: Unexpected response code: 500 (Failed to create "
                + "boolean expression evaluator: Selector \"Bogus\" is not valid)\n");
    }
}
