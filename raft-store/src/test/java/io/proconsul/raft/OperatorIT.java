package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.operator.RaftServer;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/operator/raft/*} on real servers: the configuration's shape and removing peers. */
class OperatorIT {

    @TempDir
    Path dir;

    private final Servers servers = new Servers();

    @AfterEach
    void stop() {
        servers.close();
    }

    private List<RaftStore> threeServers() throws Exception {
        return cluster(3);
    }

    private List<RaftStore> cluster(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            servers.start(TestConfigs.server(dir.resolve("s" + i), "server" + i, n));
        }
        servers.gossip(MemberEvent.Type.JOIN, servers.stores);
        return List.copyOf(servers.stores);
    }

    @Test
    void configurationListsEveryServerWithItsNodeNameAndTheLeader() throws Exception {
        List<RaftStore> all = threeServers();
        RaftStore leader = servers.awaitLeader(all, 3);
        RaftStore follower = servers.followers(all, leader).get(0);

        RaftConfiguration conf = follower.raftConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);

        assertThat(conf.index()).isPositive();
        assertThat(conf.servers()).extracting(RaftServer::id)
                .containsExactlyInAnyOrder("server0", "server1", "server2");
        for (RaftServer s : conf.servers()) {
            assertThat(s.node()).isEqualTo("node-" + s.id());
            assertThat(s.address()).startsWith("127.0.0.1:");
            assertThat(s.voter()).isTrue();
            assertThat(s.protocolVersion()).isEqualTo("3");
            assertThat(s.leader()).isEqualTo(s.address().equals(leader.self().getAddress()));
        }
        follower.apply(new KvApply(KvOp.set("k", null, 0))).get(10, TimeUnit.SECONDS);
        RaftConfiguration onLeader = leader.raftConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(onLeader.servers()).filteredOn(RaftServer::leader).singleElement()
                .satisfies(s -> assertThat(s.lastIndex()).isPositive());
    }

    @Test
    void unknownPeersAreRefusedWithConsulsTexts() throws Exception {
        RaftStore dev = servers.start(TestConfigs.dev(dir.resolve("d")));
        Poll.until(Duration.ofSeconds(10), () -> assertThat(dev.leader()).isPresent());

        ExecutionException byAddress = assertThrows(ExecutionException.class,
                () -> dev.removeRaftPeer("", "10.0.0.9:8300").get(10, TimeUnit.SECONDS));
        assertThat(byAddress.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address \"10.0.0.9:8300\" was not found in the Raft configuration");
        ExecutionException byId = assertThrows(ExecutionException.class,
                () -> dev.removeRaftPeer("nope", "").get(10, TimeUnit.SECONDS));
        assertThat(byId.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id \"nope\" was not found in the Raft configuration");
        ExecutionException last = assertThrows(ExecutionException.class,
                () -> dev.removeRaftPeer(dev.self().getId().toString(), "").get(10, TimeUnit.SECONDS));
        assertThat(last.getCause()).hasMessage(OperatorView.LAST_VOTER);
        assertThat(dev.peers()).hasSize(1);
    }

    @Test
    void deadPeersAreRemovedByAddressThroughAFollowerAndByIdOnTheLeader() throws Exception {
        List<RaftStore> all = cluster(4);
        RaftStore leader = servers.awaitLeader(all, 4);
        List<RaftStore> followers = servers.followers(all, leader);
        // Autopilot would remove dead servers itself: here the operator does.
        AutopilotConfig noCleanup = new AutopilotConfig(false, Duration.ofMillis(200), 250, 0, Duration.ofSeconds(10), 0, 0);
        assertThat(leader.setAutopilotConfiguration(noCleanup, -1).get(10, TimeUnit.SECONDS)).isTrue();
        RaftStore byAddress = followers.get(1);
        RaftStore byId = followers.get(2);
        byAddress.close();
        servers.gossip(MemberEvent.Type.FAILED, List.of(byAddress));

        followers.get(0).removeRaftPeer("", byAddress.self().getAddress()).get(20, TimeUnit.SECONDS);

        for (RaftStore s : List.of(leader, followers.get(0), byId)) {
            Poll.until(Duration.ofSeconds(10), () -> assertThat(s.peers()).hasSize(3)
                    .doesNotContain(byAddress.self().getAddress()));
        }
        byId.close();
        servers.gossip(MemberEvent.Type.FAILED, List.of(byId));

        leader.removeRaftPeer(byId.self().getId().toString(), "").get(20, TimeUnit.SECONDS);

        assertThat(leader.peers()).containsExactlyInAnyOrder(leader.self().getAddress(),
                followers.get(0).self().getAddress());
        assertThat(followers.get(0).apply(new KvApply(KvOp.set("after", null, 0))).get(10, TimeUnit.SECONDS)).isTrue();
    }
}
