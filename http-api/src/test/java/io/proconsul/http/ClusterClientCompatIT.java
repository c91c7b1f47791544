package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.model.agent.Member;

/** A real Consul Java client (kiwiproject consul-client), unchanged, on the gossip endpoints of this agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterClientCompatIT {

    private final GossipServer agent = new GossipServer();
    private final GossipPools gossip = agent.gossip();
    private Consul consul;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent.start(dataDir);
        consul = Consul.builder().withUrl("http://127.0.0.1:" + agent.port()).build();
    }

    @AfterAll
    void stop() {
        if (consul != null) {
            consul.destroy();
        }
        agent.close();
    }

    @Test
    void membersJoinAndForceLeave() throws Exception {
        Member self = consul.agentClient().getMembers().stream().filter(m -> m.getName().equals("node1"))
                .findFirst().orElseThrow();
        assertThat(self.getAddress()).isEqualTo("127.0.0.1");
        assertThat(self.getPort()).isEqualTo(agent.lan().boundPort());
        assertThat(self.getStatus()).isEqualTo(1);
        assertThat(self.getTags()).containsEntry("role", "consul");
        assertThat(self.getProtocolCur()).isEqualTo(2);

        // This client always sends ?wan=true|false, and Consul takes any non-empty value as "the WAN pool"
        // (so does this agent): its join(address) is a WAN join, which only another server's WAN pool accepts.
        SerfPool otherServer = gossip.wan("node2");
        assertThat(consul.agentClient().join(GossipPools.address(otherServer))).isTrue();
        Retry.untilPasses(Duration.ofSeconds(15), () -> assertThat(otherServer.members())
                .extracting(m -> m.name()).contains("node1.dc1", "node2.dc1"));
        assertThat(consul.agentClient().join(GossipPools.address(gossip.lan("client", false)))).isFalse();
        assertThrows(ConsulException.class, () -> consul.agentClient().forceLeave("nobody"));
    }
}
