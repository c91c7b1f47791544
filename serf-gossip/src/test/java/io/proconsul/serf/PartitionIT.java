package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.memberlist.NettyTransport;
import io.proconsul.serf.memberlist.Transport;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A network split makes each side mark the other failed; once healed, the sides merge again (gossip still
 * reaches the recently dead, and serf's reconnect retries failed members).
 */
@Timeout(90)
class PartitionIT {

    /** Which side of the split each bound port is on; traffic between different sides is lost. */
    private final Map<Integer, Integer> sideOfPort = new ConcurrentHashMap<>();
    private volatile boolean split;

    private final class SplittableTransport implements Transport {
        private final Transport real;
        private volatile int port;

        SplittableTransport(Transport real) {
            this.real = real;
        }

        private boolean cut(InetSocketAddress to) {
            return split && !sideOfPort.getOrDefault(port, 0).equals(sideOfPort.getOrDefault(to.getPort(), 0));
        }

        @Override
        public InetSocketAddress start(Receiver receiver) throws Exception {
            InetSocketAddress bound = real.start(receiver);
            port = bound.getPort();
            return bound;
        }

        @Override
        public void sendPacket(InetSocketAddress to, byte[] packet) {
            if (!cut(to)) {
                real.sendPacket(to, packet);
            }
        }

        @Override
        public CompletableFuture<byte[]> request(InetSocketAddress to, byte[] frame, Duration timeout) {
            return cut(to) ? CompletableFuture.failedFuture(new ConnectException("partitioned"))
                    : real.request(to, frame, timeout);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void aHealedPartitionMergesAgain() throws Exception {
        try (TestCluster c = new TestCluster(0.1).withTransports(cfg -> new SplittableTransport(
                new NettyTransport(cfg.bindAddress(), cfg.bindPort(), cfg.gossip().tcpTimeout())))) {
            c.startJoined(4);
            TestCluster.awaitAlive(c.pools, 4, Duration.ofSeconds(10));
            for (int i = 0; i < 4; i++) {
                sideOfPort.put(c.pools.get(i).boundPort(), i < 2 ? 1 : 2);
            }
            split = true;
            Eventually.within(Duration.ofSeconds(15), () -> {
                for (SerfPool p : c.pools) {
                    assertThat(p.members().stream().filter(m -> m.status() == MemberStatus.FAILED).map(m -> m.name()))
                            .hasSize(2);
                }
            });
            split = false;
            TestCluster.awaitAlive(c.pools, 4, Duration.ofSeconds(30));
            assertThat(Set.copyOf(c.pools.get(0).members().stream().map(m -> m.name()).toList()))
                    .isEqualTo(Set.of("node-0", "node-1", "node-2", "node-3"));
            assertThat(List.of(c.pools.get(3).stats().get("failed"))).containsExactly("0");
        }
    }
}
