package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.userevent.GossipUserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.proconsul.serf.memberlist.NettyTransport;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Serf user events among five real pools on loopback: everyone delivers each event once; a late joiner none. */
@Timeout(60)
class UserEventIT {

    private static final Duration CONVERGE = Duration.ofSeconds(10);

    @Test
    void anEventReachesEveryMemberExactlyOnceAndIsNotReplayedToALateJoiner() throws Exception {
        try (TestCluster c = new TestCluster(0.1)) {
            c.startJoined(5);
            TestCluster.awaitAlive(c.pools, 5, CONVERGE);
            List<ConcurrentLinkedQueue<GossipUserEvent>> seen = List.copyOf(c.userEvents);
            c.pools.get(2).userEvent("consul:event:deploy", "v7".getBytes(StandardCharsets.UTF_8), false).get();
            c.pools.get(4).userEvent("consul:event:restart", new byte[0], false).get();
            Eventually.within(CONVERGE, () -> {
                for (ConcurrentLinkedQueue<GossipUserEvent> q : seen) {
                    assertThat(q).extracting(GossipUserEvent::name)
                            .containsExactlyInAnyOrder("consul:event:deploy", "consul:event:restart");
                }
            });
            // Gossip goes on for a while (retransmits, push-pull): still exactly once each afterwards.
            Eventually.holdsFor(Duration.ofSeconds(1), () -> seen.forEach(q -> assertThat(q).hasSize(2)));
            GossipUserEvent deploy = seen.get(0).stream().filter(e -> e.name().endsWith("deploy")).findFirst()
                    .orElseThrow();
            assertThat(new String(deploy.payload(), StandardCharsets.UTF_8)).isEqualTo("v7");
            assertThat(deploy.pool()).isEqualTo("lan");
            assertThat(c.pools.get(0).stats().get("event_time")).isNotEqualTo("1");

            SerfPool late = c.start(c.config("late"));
            ConcurrentLinkedQueue<GossipUserEvent> lateSeen = c.userEvents.get(5);
            late.join(List.of(TestCluster.address(c.pools.get(0)))).get();
            TestCluster.awaitAlive(c.pools, 6, CONVERGE);
            c.pools.get(1).userEvent("consul:event:after", new byte[0], false).get();
            Eventually.within(CONVERGE, () ->
                    assertThat(lateSeen).extracting(GossipUserEvent::name).containsExactly("consul:event:after"));
        }
    }

    @Test
    void underHeavyPacketLossEveryEventStillArrivesOnceThroughPushPull() throws Exception {
        try (TestCluster c = new TestCluster(0.1).withTransports(cfg -> new LossyTransport(
                new NettyTransport(cfg.bindAddress(), cfg.bindPort(), cfg.gossip().tcpTimeout()), 0.5))) {
            c.startJoined(5);
            TestCluster.awaitAlive(c.pools, 5, Duration.ofSeconds(20));
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                names.add("consul:event:e" + i);
                c.pools.get(i % 5).userEvent("consul:event:e" + i, new byte[] {(byte) i}, false).get();
            }
            // Half the gossip packets are lost; the event buffers exchanged in push-pull (TCP) fill the gaps.
            Eventually.within(Duration.ofSeconds(30), () -> {
                for (ConcurrentLinkedQueue<GossipUserEvent> q : c.userEvents) {
                    assertThat(q).extracting(GossipUserEvent::name).containsExactlyInAnyOrderElementsOf(names);
                }
            });
        }
    }

    @Test
    void anOversizedEventIsRefusedWithSerfsMessage() throws Exception {
        try (TestCluster c = new TestCluster(0.1)) {
            c.startJoined(1);
            var failed = c.pools.get(0).userEvent("consul:event:big", new byte[600], false);
            assertThat(failed).failsWithin(Duration.ofSeconds(1)).withThrowableThat()
                    .withMessageContaining("user event exceeds configured limit of 512 bytes before encoding");
        }
    }

}
