package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.memberlist.NettyTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With a fifth of all datagrams lost, the pool still converges and never declares a live member failed. */
@Timeout(90)
class LossyClusterIT {

    @Test
    void twentyPercentPacketLossConvergesWithoutFalseFailures() throws Exception {
        List<LossyTransport> lossy = new CopyOnWriteArrayList<>();
        try (TestCluster c = new TestCluster(0.1).withTransports(cfg -> {
            LossyTransport t = new LossyTransport(
                    new NettyTransport(cfg.bindAddress(), cfg.bindPort(), cfg.gossip().tcpTimeout()), 0.2);
            lossy.add(t);
            return t;
        })) {
            c.startJoined(5);
            TestCluster.awaitAlive(c.pools, 5, Duration.ofSeconds(15));
            // 60 probe intervals of lossy operation.
            Eventually.holdsFor(Duration.ofSeconds(6), () -> {
                for (SerfPool p : c.pools) {
                    assertThat(p.members()).noneMatch(m -> m.status() == MemberStatus.FAILED);
                }
            });
            for (int i = 0; i < 5; i++) {
                assertThat(c.events.get(i)).noneMatch(e -> e.type() == MemberEvent.Type.FAILED);
            }
            long dropped = lossy.stream().mapToLong(t -> t.dropped.get()).sum();
            long sent = lossy.stream().mapToLong(t -> t.sent.get()).sum();
            assertThat((double) dropped / (dropped + sent)).isBetween(0.15, 0.25);

            // A real failure is still found under loss.
            c.pools.get(4).close();
            Eventually.within(Duration.ofSeconds(15), () -> {
                for (SerfPool p : c.pools.subList(0, 4)) {
                    assertThat(TestCluster.status(p, "node-4")).isEqualTo(MemberStatus.FAILED);
                }
            });
        }
    }
}
