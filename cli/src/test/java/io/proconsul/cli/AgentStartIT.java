package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.testing.AgentProcess;
import io.proconsul.cli.testing.TestAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar agent.jar agent ...} as an operator runs it: banner, log format, config errors. */
class AgentStartIT {

    @TempDir
    Path tmp;

    @Test
    void devAgentPrintsConsulBannerAndLogLines() throws Exception {
        int http = TestAgent.freePort();
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("dev.log"), "agent", "-dev", "-node=dev-node",
                "-http-port=" + http, "-server-port=" + TestAgent.freePort(), "-dns-port=-1",
                "-serf-lan-port=" + TestAgent.freePort(), "-serf-wan-port=" + TestAgent.freePort())) {
            agent.awaitLeader(http, Duration.ofSeconds(30));
            String out = agent.output();
            assertThat(out).startsWith("==> Starting Consul agent...");
            assertThat(out).contains("             Node name: 'dev-node'", "            Datacenter: 'dc1'",
                    "                Server: true (Bootstrap: true)", "==> Log data will now stream in as it occurs:");
            assertThat(out).containsPattern(
                    "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d{4}) \\[(INFO|DEBUG)\\]  ?agent");
        }
    }

    @Test
    void devDataDirIsRemovedOnExit() throws Exception {
        int http = TestAgent.freePort();
        Path tmpRoot = Files.createDirectories(tmp.resolve("javatmp"));
        AgentProcess agent = AgentProcess.start(tmp.resolve("dev2.log"), List.of("-Djava.io.tmpdir=" + tmpRoot),
                "agent", "-dev", "-http-port=" + http, "-server-port=" + TestAgent.freePort(), "-dns-port=-1",
                "-serf-lan-port=" + TestAgent.freePort(), "-serf-wan-port=" + TestAgent.freePort());
        agent.awaitLeader(http, Duration.ofSeconds(30));
        assertThat(tmpRoot).isNotEmptyDirectory();
        agent.close();
        assertThat(agent.isAlive()).isFalse();
        assertThat(tmpRoot).isEmptyDirectory();
    }

    @Test
    void badConfigFileFailsNamingFileAndKey() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("bad.json"), "{\"ports\": {\"http\": \"not-a-port\"}}");
        AgentProcess agent = AgentProcess.start(tmp.resolve("bad.log"), "agent", "-dev", "-config-file=" + cfg);
        int code = agent.awaitExit(Duration.ofSeconds(30));
        assertThat(code).isEqualTo(1);
        assertThat(agent.output()).contains("bad.json").contains("ports.http");
    }
}
