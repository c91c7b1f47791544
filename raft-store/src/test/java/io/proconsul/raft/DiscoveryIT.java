package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers form and grow the group from gossip's member events. The events are published by the test,
 * as the LAN pool will publish them, so that this module is tested without the gossip module.
 */
class DiscoveryIT {

    @TempDir
    Path dir;

    private final List<RaftStore> stores = new ArrayList<>();
    private final List<InProcessEventBus> buses = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(RaftStore::close);
        buses.forEach(InProcessEventBus::close);
    }

    @Test
    void bootstrapExpectFormsTheClusterThenTheLeaderAddsAndRemovesServers() throws Exception {
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        gossip(MemberEvent.Type.JOIN, stores);
        for (RaftStore s : stores) {
            Poll.until(Duration.ofSeconds(20), () -> {
                assertThat(s.peers()).hasSize(3);
                assertThat(s.leader()).isPresent();
            });
        }
        assertThat(stores.get(0).apply(new KvApply(KvOp.set("k", null, 0))).get(10, TimeUnit.SECONDS)).isTrue();
        quickPromotion(stores.get(0));

        RaftStore late = start(3);
        gossip(MemberEvent.Type.JOIN, stores);
        for (RaftStore s : stores) {
            Poll.until(Duration.ofSeconds(30), () -> assertThat(s.peers()).hasSize(4));
        }

        gossip(MemberEvent.Type.LEAVE, List.of(late));
        for (RaftStore s : stores.subList(0, 3)) {
            Poll.until(Duration.ofSeconds(30), () ->
                    assertThat(s.peers()).hasSize(3).doesNotContain(late.self().getAddress()));
        }
    }

    @Test
    void serversWithoutExpectJoinABootstrappedServer() throws Exception {
        RaftStore boot = start(TestConfigs.bootstrapServer(dir.resolve("b"), "boot"));
        Poll.until(Duration.ofSeconds(10), () -> assertThat(boot.leader()).isPresent());
        boot.apply(new KvApply(KvOp.set("k", null, 0))).get(10, TimeUnit.SECONDS);
        quickPromotion(boot);
        start(TestConfigs.server(dir.resolve("p1"), "plain1", 0));
        start(TestConfigs.server(dir.resolve("p2"), "plain2", 0));
        gossip(MemberEvent.Type.JOIN, stores);
        for (RaftStore s : stores) {
            Poll.until(Duration.ofSeconds(30), () -> {
                assertThat(s.peers()).hasSize(3);
                assertThat(s.leader()).isPresent();
            });
        }
    }

    /** Autopilot's ServerStabilizationTime down from 10 s to 1 s: joiners become voters sooner. */
    private static void quickPromotion(RaftStore s) throws Exception {
        assertThat(s.setAutopilotConfiguration(new AutopilotConfig(true, Duration.ofMillis(200), 250, 0,
                Duration.ofSeconds(1), 0, 0), -1).get(10, TimeUnit.SECONDS)).isTrue();
    }

    private RaftStore start(int i) throws Exception {
        return start(TestConfigs.server(dir.resolve("s" + i), "server" + i, 3));
    }

    private RaftStore start(io.proconsul.core.config.AgentConfig config) throws Exception {
        InProcessEventBus bus = new InProcessEventBus();
        RaftStore s = new RaftStore(config, bus);
        buses.add(bus);
        stores.add(s);
        s.start();
        return s;
    }

    /** Tells every server's bus that {@code members} joined or left, as the LAN pool would. */
    private void gossip(MemberEvent.Type type, List<RaftStore> members) {
        for (RaftStore m : members) {
            String[] addr = m.self().getAddress().split(":");
            Member member = new Member(m.self().getId().toString(), addr[0], 8301,
                    Map.of("role", "consul", "dc", "dc1", "port", addr[1], "expect", "3"),
                    type == MemberEvent.Type.LEAVE ? MemberStatus.LEFT : MemberStatus.ALIVE, null);
            buses.forEach(b -> b.publish(new MemberEvent(type, member, "lan")));
        }
    }
}
