package io.proconsul.http.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.http.TestConfigs;
import org.junit.jupiter.api.Test;

class AgentSelfTest {

    @Test
    void serverMemberTags() {
        AgentSelf.Member m = AgentSelf.member(TestConfigs.dev());
        assertThat(m.tags()).containsEntry("role", "consul").containsEntry("dc", "dc1").containsEntry("bootstrap", "1")
                .containsKeys("port", "raft_vsn", "vsn", "vsn_min", "vsn_max", "build", "id", "wan_join_port");
        assertThat(m.status()).isEqualTo(1);
    }

    @Test
    void clientMemberTagsHaveNoServerFields() {
        AgentConfig d = TestConfigs.dev();
        AgentConfig client = new AgentConfig(d.nodeName(), d.nodeId(), d.datacenter(), d.primaryDatacenter(),
                d.dataDir(), false, false, 0, false, d.bindAddr(), d.clientAddrs(), d.advertiseAddr(), d.addresses(),
                d.ports(), d.logLevel(), d.logFile(), false, d.limits(), d.domain(), d.startJoin(), d.retryJoin(),
                d.retryInterval(), d.retryMax(), false, d.nodeMeta(), d.raft());
        AgentSelf.Member m = AgentSelf.member(client);
        assertThat(m.tags()).containsEntry("role", "node").doesNotContainKeys("port", "bootstrap", "expect", "raft_vsn");
        assertThat(AgentSelf.config(client).server()).isFalse();
    }

    @Test
    void debugConfigShowsTheLeaveAndAutopilotSettings() {
        AgentConfig dev = TestConfigs.dev();
        java.util.SortedMap<String, Object> d = AgentSelf.debugConfig(dev);
        assertThat(d).containsEntry("LeaveOnTerm", false).containsEntry("SkipLeaveOnInt", true)
                .containsEntry("AutopilotCleanupDeadServers", true)
                .containsEntry("AutopilotLastContactThreshold", "200ms")
                .containsEntry("AutopilotMaxTrailingLogs", 250L)
                .containsEntry("AutopilotMinQuorum", 0)
                .containsEntry("AutopilotServerStabilizationTime", "10s");
    }
}
