package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.core.userevent.GossipUserEvent;
import io.proconsul.serf.memberlist.NettyTransport;
import io.proconsul.serf.memberlist.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Serf pools on 127.0.0.1 with ephemeral ports, each with its own bus, all closed at the end. Records every
 * member event and user event each pool publishes.
 */
final class TestCluster implements AutoCloseable {

    final List<SerfPool> pools = new ArrayList<>();
    final List<ConcurrentLinkedQueue<MemberEvent>> events = new ArrayList<>();
    /** The user events each pool delivered, by pool index. */
    final List<ConcurrentLinkedQueue<GossipUserEvent>> userEvents = new ArrayList<>();
    private final List<InProcessEventBus> buses = new ArrayList<>();
    private final double scale;
    private Function<SerfConfig, Transport> transports =
            c -> new NettyTransport(c.bindAddress(), c.bindPort(), c.gossip().tcpTimeout());

    TestCluster(double scale) {
        this.scale = scale;
    }

    TestCluster withTransports(Function<SerfConfig, Transport> t) {
        this.transports = t;
        return this;
    }

    SerfConfig config(String name) {
        return SerfConfig.lan(name, "127.0.0.1", 0, "dc1")
                .withTags(Map.of("role", "node", "dc", "dc1", "id", UUID.randomUUID().toString()))
                .scaled(scale);
    }

    SerfPool start(SerfConfig config) throws Exception {
        InProcessEventBus bus = new InProcessEventBus();
        ConcurrentLinkedQueue<MemberEvent> seen = new ConcurrentLinkedQueue<>();
        bus.subscribeInline(MemberEvent.class, seen::add);
        ConcurrentLinkedQueue<GossipUserEvent> userSeen = new ConcurrentLinkedQueue<>();
        bus.subscribeInline(GossipUserEvent.class, userSeen::add);
        userEvents.add(userSeen);
        SerfPool pool = new SerfPool(config, bus, transports);
        pool.start();
        pools.add(pool);
        events.add(seen);
        buses.add(bus);
        return pool;
    }

    /** Starts {@code n} pools named node-0.. and joins each to node-0. */
    void startJoined(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            start(config("node-" + i));
        }
        for (int i = 1; i < n; i++) {
            assertThat(pools.get(i).join(List.of(address(pools.get(0)))).get()).isEqualTo(1);
        }
    }

    static String address(SerfPool p) {
        return "127.0.0.1:" + p.boundPort();
    }

    static Optional<Member> member(SerfPool viewer, String name) {
        return viewer.members().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    static MemberStatus status(SerfPool viewer, String name) {
        return member(viewer, name).map(Member::status).orElse(MemberStatus.NONE);
    }

    /** Waits until every pool in {@code viewers} sees {@code count} alive members. */
    static void awaitAlive(List<SerfPool> viewers, int count, Duration timeout) throws Exception {
        Eventually.within(timeout, () -> {
            for (SerfPool p : viewers) {
                assertThat(p.members().stream().filter(m -> m.status() == MemberStatus.ALIVE).count())
                        .as("alive members seen by %s", p.local().name()).isEqualTo(count);
            }
        });
    }

    @Override
    public void close() {
        for (SerfPool p : pools) {
            p.close();
        }
        buses.forEach(InProcessEventBus::close);
    }
}
