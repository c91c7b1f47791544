package io.proconsul.http.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.operator.RaftServer;
import io.proconsul.core.operator.ServerHealth;
import io.proconsul.http.JsonCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator endpoints' JSON, byte for byte as Consul writes it. */
class OperatorJsonTest {

    private final JsonCodec json = new JsonCodec();

    @Test
    void timesAreRfc3339InUtcAndRoundedForHealth() {
        Instant t = Instant.parse("2017-03-06T22:07:51.600Z");
        assertThat(OperatorJson.rfc3339(t)).isEqualTo("2017-03-06T22:07:51.6Z");
        assertThat(OperatorJson.rfc3339(OperatorJson.roundToSecond(t))).isEqualTo("2017-03-06T22:07:52Z");
        assertThat(OperatorJson.rfc3339(OperatorJson.roundToSecond(Instant.parse("2017-03-06T22:07:51.4Z"))))
                .isEqualTo("2017-03-06T22:07:51Z");
        assertThat(OperatorJson.rfc3339(null)).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void raftConfigurationShape() throws Exception {
        RaftConfiguration c = new RaftConfiguration(List.of(
                new RaftServer("id-1", "node1", "127.0.0.1:8300", true, true, "3", 42)), 7);
        assertThat(json.toString(OperatorJson.raft(c), false)).isEqualTo("{\"Servers\":[{\"ID\":\"id-1\","
                + "\"Node\":\"node1\",\"Address\":\"127.0.0.1:8300\",\"Leader\":true,\"ProtocolVersion\":\"3\","
                + "\"Voter\":true,\"LastIndex\":42}],\"Index\":7}");
    }

    @Test
    void autopilotConfigurationHasTheEnterpriseFieldsWithDefaults() throws Exception {
        AutopilotConfig c = new AutopilotConfig(true, Duration.ofMillis(200), 250, 0, Duration.ofSeconds(10), 4, 5);
        assertThat(json.toString(OperatorJson.autopilot(c), false)).isEqualTo("{\"CleanupDeadServers\":true,"
                + "\"LastContactThreshold\":\"200ms\",\"MaxTrailingLogs\":250,\"MinQuorum\":0,"
                + "\"ServerStabilizationTime\":\"10s\",\"RedundancyZoneTag\":\"\",\"DisableUpgradeMigration\":false,"
                + "\"UpgradeVersionTag\":\"\",\"CreateIndex\":4,\"ModifyIndex\":5}");
    }

    private static final ServerHealth LEADER = new ServerHealth("id-1", "node1", "127.0.0.1:8300", "alive", "1.20.0",
            true, Duration.ZERO, 2, 46, true, true, Instant.parse("2017-03-06T22:07:51.200Z"));
    private static final ServerHealth FOLLOWER = new ServerHealth("id-0", "node2", "127.0.0.1:8205", "leaving",
            "1.20.0:proconsul-0.1.0", false, Duration.ofNanos(27_291_304), 2, 45, false, false, Instant.parse("2017-03-06T22:18:26Z"));

    @Test
    void healthShape() throws Exception {
        AutopilotHealth h = new AutopilotHealth(true, 0, List.of(LEADER));
        assertThat(json.toString(OperatorJson.health(h), false)).isEqualTo("{\"Healthy\":true,\"FailureTolerance\":0,"
                + "\"Servers\":[{\"ID\":\"id-1\",\"Name\":\"node1\",\"Address\":\"127.0.0.1:8300\","
                + "\"SerfStatus\":\"alive\",\"Version\":\"1.20.0\",\"Leader\":true,\"LastContact\":\"0s\","
                + "\"LastTerm\":2,\"LastIndex\":46,\"Healthy\":true,\"Voter\":true,"
                + "\"StableSince\":\"2017-03-06T22:07:51Z\"}]}");
        assertThat(json.toString(OperatorJson.health(new AutopilotHealth(false, 0, List.of())), false))
                .isEqualTo("{\"Healthy\":false,\"FailureTolerance\":0,\"Servers\":null}");
    }

    @Test
    void stateIsDerivedFromHealthAsConsulCeDerivesIt() throws Exception {
        AutopilotHealth h = new AutopilotHealth(false, 1, List.of(LEADER, FOLLOWER));
        String body = json.toString(OperatorJson.state(h), false);
        assertThat(body).startsWith("{\"Healthy\":false,\"FailureTolerance\":1,\"OptimisticFailureTolerance\":1,"
                + "\"Servers\":{\"id-0\":{\"ID\":\"id-0\",\"Name\":\"node2\",\"Address\":\"127.0.0.1:8205\","
                + "\"NodeStatus\":\"alive\",\"Version\":\"1.20.0\",\"LastContact\":\"27.291304ms\",\"LastTerm\":2,"
                + "\"LastIndex\":45,\"Healthy\":false,\"StableSince\":\"2017-03-06T22:18:26Z\",\"ReadReplica\":false,"
                + "\"Status\":\"non-voter\",\"Meta\":{\"consul-network-segment\":\"\",\"consul-version\":\"1.20.0\"},"
                + "\"NodeType\":\"voter\"},\"id-1\":{");
        assertThat(body).contains("\"StableSince\":\"2017-03-06T22:07:51.2Z\"").contains("\"Status\":\"leader\"")
                .endsWith("},\"Leader\":\"id-1\",\"Voters\":[\"id-1\"]}");
    }

    @Test
    void nodeStatusFollowsAutopilot() {
        assertThat(OperatorJson.nodeStatus("alive")).isEqualTo("alive");
        assertThat(OperatorJson.nodeStatus("leaving")).isEqualTo("alive");
        assertThat(OperatorJson.nodeStatus("failed")).isEqualTo("failed");
        assertThat(OperatorJson.nodeStatus("left")).isEqualTo("left");
        assertThat(OperatorJson.nodeStatus("none")).isEqualTo("unknown");
    }
}
