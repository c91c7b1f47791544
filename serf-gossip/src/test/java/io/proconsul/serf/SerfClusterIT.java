package io.proconsul.serf;

import static io.proconsul.serf.TestCluster.address;
import static io.proconsul.serf.TestCluster.awaitAlive;
import static io.proconsul.serf.TestCluster.member;
import static io.proconsul.serf.TestCluster.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.memberlist.Message;
import io.proconsul.serf.memberlist.WireCodec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Five pools on loopback at a tenth of Consul's LAN timings (probe every 100 ms). */
@Timeout(60)
class SerfClusterIT {

    private static final double SCALE = 0.1;
    private static final Duration CONVERGE = Duration.ofSeconds(10);

    @Test
    void joinConvergesAndACrashIsDetectedAsFailed() throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            c.startJoined(5);
            awaitAlive(c.pools, 5, CONVERGE);
            // Direct acks carry Vivaldi coordinates: each member soon knows everyone's.
            Eventually.within(CONVERGE, () -> assertThat(c.pools.get(0).coordinates()).hasSize(5));
            assertThat(c.pools.get(0).coordinate().distanceTo(c.pools.get(0).cachedCoordinate("node-1").orElseThrow()))
                    .isLessThan(Duration.ofMillis(100));
            assertThat(c.pools.get(0).stats()).containsEntry("members", "5").containsEntry("failed", "0")
                    .containsKeys("coordinate_resets", "encrypted", "event_queue", "event_time", "health_score",
                            "intent_queue", "left", "member_time", "query_queue", "query_time");

            SerfPool victim = c.pools.get(4);
            long t0 = System.nanoTime();
            victim.close();
            List<SerfPool> rest = c.pools.subList(0, 4);
            Eventually.within(CONVERGE, () -> {
                for (SerfPool p : rest) {
                    assertThat(status(p, "node-4")).isEqualTo(MemberStatus.FAILED);
                }
            });
            long detectedMs = (System.nanoTime() - t0) / 1_000_000;
            // SWIM's bound: the victim is probed within about a probe interval (round-robin), then the
            // suspicion runs at most its maximum (6 x 4 x probe interval at 5 members).
            SerfConfig cfg = c.config("x");
            long boundMs = cfg.gossip().probeInterval().multipliedBy(2).toMillis()
                    + cfg.gossip().suspicionTimeout(5).multipliedBy(cfg.gossip().suspicionMaxTimeoutMult()).toMillis();
            assertThat(detectedMs).isLessThan(boundMs + 1000);
            assertThat(c.events.get(0)).anyMatch(e -> e.type() == MemberEvent.Type.FAILED
                    && e.member().name().equals("node-4") && e.pool().equals("lan"));
            awaitAlive(rest, 4, CONVERGE);
            assertThat(c.pools.get(0).stats()).containsEntry("failed", "1");
        }
    }

    @Test
    void aGracefulLeaveIsSeenAsLeftNotFailed() throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            c.startJoined(5);
            awaitAlive(c.pools, 5, CONVERGE);
            SerfPool leaver = c.pools.get(3);
            leaver.leave().get();
            assertThat(leaver.leave().get()).as("a second leave is a no-op").isNull();
            leaver.close();
            List<SerfPool> rest = List.of(c.pools.get(0), c.pools.get(1), c.pools.get(2), c.pools.get(4));
            Eventually.within(CONVERGE, () -> {
                for (SerfPool p : rest) {
                    assertThat(status(p, "node-3")).isEqualTo(MemberStatus.LEFT);
                }
            });
            // Longer than the longest suspicion: a closed, left member must never turn into a failure.
            Eventually.holdsFor(Duration.ofSeconds(3), () -> {
                for (int i : new int[] {0, 1, 2, 4}) {
                    assertThat(c.events.get(i)).noneMatch(e -> e.type() == MemberEvent.Type.FAILED);
                    assertThat(status(c.pools.get(i), "node-3")).isEqualTo(MemberStatus.LEFT);
                }
            });
            assertThat(c.pools.get(0).stats()).containsEntry("left", "1");
        }
    }

    @Test
    void forceLeaveTurnsFailedIntoLeftAndPruneForgets() throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            c.startJoined(5);
            awaitAlive(c.pools, 5, CONVERGE);
            c.pools.get(4).close();
            c.pools.get(3).close();
            List<SerfPool> rest = c.pools.subList(0, 3);
            Eventually.within(CONVERGE, () -> {
                for (SerfPool p : rest) {
                    assertThat(status(p, "node-4")).isEqualTo(MemberStatus.FAILED);
                    assertThat(status(p, "node-3")).isEqualTo(MemberStatus.FAILED);
                }
            });
            c.pools.get(0).forceLeave("node-4", false).get();
            c.pools.get(1).forceLeave("node-3", true).get();
            Eventually.within(CONVERGE, () -> {
                for (SerfPool p : rest) {
                    assertThat(status(p, "node-4")).isEqualTo(MemberStatus.LEFT);
                    assertThat(member(p, "node-3")).isEmpty();
                }
            });
            assertThat(c.events.get(2)).anyMatch(e -> e.type() == MemberEvent.Type.REAP
                    && e.member().name().equals("node-3"));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> c.pools.get(0).forceLeave("nobody", false).get());
            assertThat(e.getCause()).hasMessage("agent: No node found with name 'nobody'");
        }
    }

    @Test
    void failedMembersAreReapedAfterTheReconnectTimeout() throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            for (int i = 0; i < 4; i++) {
                SerfConfig cfg = c.config("node-" + i);
                c.start(cfg.withTiming(cfg.gossip(), cfg.serf().withReconnectTimeout(Duration.ofSeconds(2))));
            }
            for (int i = 1; i < 4; i++) {
                c.pools.get(i).join(List.of(address(c.pools.get(0)))).get();
            }
            awaitAlive(c.pools, 4, CONVERGE);
            c.pools.get(3).close();
            Eventually.within(CONVERGE, () -> assertThat(c.events.get(0)).anyMatch(e ->
                    e.type() == MemberEvent.Type.FAILED && e.member().name().equals("node-3")));
            Eventually.within(CONVERGE, () -> {
                for (SerfPool p : c.pools.subList(0, 3)) {
                    assertThat(member(p, "node-3")).isEmpty();
                }
            });
            assertThat(c.events.get(0)).anyMatch(e -> e.type() == MemberEvent.Type.REAP);
            assertThat(c.pools.get(0).stats()).containsEntry("members", "3").containsEntry("failed", "0");
        }
    }

    @Test
    void aRestartedPoolRejoinsByItselfFromItsSnapshot(@TempDir Path dir) throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            c.startJoined(4);
            int port = freePort();
            SerfConfig cfg = c.config("node-4").withBindPort(port).withSnapshotPath(dir.resolve("serf/local.snapshot"));
            SerfPool first = c.start(cfg);
            first.join(List.of(address(c.pools.get(0)))).get();
            awaitAlive(c.pools, 5, CONVERGE);
            long clockBefore = Long.parseLong(first.stats().get("member_time"));
            first.close();
            Eventually.within(CONVERGE, () -> assertThat(status(c.pools.get(0), "node-4"))
                    .isEqualTo(MemberStatus.FAILED));

            SerfPool again = c.start(cfg);
            awaitAlive(c.pools.subList(0, 4), 5, CONVERGE);
            awaitAlive(List.of(again), 5, CONVERGE);
            assertThat(Long.parseLong(again.stats().get("member_time"))).isGreaterThanOrEqualTo(clockBefore);
        }
    }

    @Test
    void aCrashedMemberBackOnAnotherPortIsAliveAtItsNewAddress() throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            c.startJoined(4);
            awaitAlive(c.pools, 4, CONVERGE);
            int oldPort = c.pools.get(3).boundPort();
            c.pools.get(3).close();
            Eventually.within(CONVERGE, () -> assertThat(status(c.pools.get(0), "node-3"))
                    .isEqualTo(MemberStatus.FAILED));
            SerfPool back = c.start(c.config("node-3"));
            assertThat(back.boundPort()).isNotEqualTo(oldPort);
            back.join(List.of(address(c.pools.get(1)))).get();
            List<SerfPool> all = List.of(c.pools.get(0), c.pools.get(1), c.pools.get(2), back);
            awaitAlive(all, 4, CONVERGE);
            Eventually.within(CONVERGE, () -> {
                for (SerfPool p : all) {
                    assertThat(member(p, "node-3").orElseThrow().port()).isEqualTo(back.boundPort());
                }
            });
        }
    }

    @Test
    void aMemberOfAnotherDatacenterIsRefusedWithConsulsMessage() throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            c.startJoined(4);
            SerfPool stranger = c.start(SerfConfig.lan("other", "127.0.0.1", 0, "dc2")
                    .withTags(Map.of("role", "node", "dc", "dc2")).scaled(SCALE));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> stranger.join(List.of(address(c.pools.get(0)))).get());
            assertThat(e.getCause().getMessage()).matches("(?s)1 error occurred:\n\t\\* Failed to join 127\\.0\\.0\\.1:"
                    + c.pools.get(0).boundPort() + ": Member 'node-\\d' part of wrong datacenter 'dc1'\n\n");

            ExecutionException back = assertThrows(ExecutionException.class,
                    () -> c.pools.get(1).join(List.of(address(stranger))).get());
            assertThat(back.getCause().getMessage()).isEqualTo("1 error occurred:\n\t* Failed to join 127.0.0.1:"
                    + stranger.boundPort() + ": Member 'other' part of wrong datacenter 'dc2'\n\n");

            SerfPool fifth = c.start(c.config("node-4"));
            fifth.join(List.of(address(c.pools.get(2)))).get();
            List<SerfPool> dc1 = List.of(c.pools.get(0), c.pools.get(1), c.pools.get(2), c.pools.get(3), fifth);
            awaitAlive(dc1, 5, CONVERGE);
            for (SerfPool p : dc1) {
                assertThat(member(p, "other")).isEmpty();
            }
            assertThat(stranger.members()).hasSize(1);
        }
    }

    @Test
    void aTagUpdatePropagates() throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            c.startJoined(5);
            awaitAlive(c.pools, 5, CONVERGE);
            Map<String, String> tags = new HashMap<>(c.pools.get(2).local().tags());
            tags.put("build", "1.2.3");
            c.pools.get(2).setTags(tags);
            Eventually.within(CONVERGE, () -> {
                for (SerfPool p : c.pools) {
                    assertThat(member(p, "node-2").orElseThrow().tags()).containsEntry("build", "1.2.3");
                }
            });
            assertThat(c.events.get(0)).anyMatch(e -> e.type() == MemberEvent.Type.UPDATE
                    && e.member().name().equals("node-2"));
            assertThrows(IllegalArgumentException.class, () -> c.pools.get(2).setTags(Map.of("big", "x".repeat(600))));
        }
    }

    @Test
    void aMemberWronglyDeclaredDeadRefutesWithAHigherIncarnation() throws Exception {
        try (TestCluster c = new TestCluster(SCALE); DatagramSocket liar = new DatagramSocket()) {
            c.startJoined(3);
            awaitAlive(c.pools, 3, CONVERGE);
            byte[] lie = WireCodec.encode(new Message.Dead(1000, "node-1", "liar"));
            liar.send(new DatagramPacket(lie, lie.length, InetAddress.getLoopbackAddress(),
                    c.pools.get(0).boundPort()));
            Eventually.within(CONVERGE, () -> assertThat(c.events.get(0)).anyMatch(
                    e -> e.type() == MemberEvent.Type.FAILED && e.member().name().equals("node-1")));
            // node-1 hears of its own death, refutes it with incarnation 1001, and is alive everywhere again.
            Eventually.within(CONVERGE, () -> assertThat(c.events.get(0)).filteredOn(
                    e -> e.member().name().equals("node-1")).last().extracting(MemberEvent::type)
                    .isEqualTo(MemberEvent.Type.JOIN));
            awaitAlive(c.pools, 3, CONVERGE);
        }
    }

    @Test
    void aJoinThatFailsEverywhereListsEachAddressError() throws Exception {
        try (TestCluster c = new TestCluster(SCALE)) {
            SerfPool p = c.start(c.config("lonely"));
            int a = freePort();
            int b = freePort();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> p.join(List.of("127.0.0.1:" + a, "127.0.0.1:" + b)).get());
            assertThat(e.getCause().getMessage()).isEqualTo("2 errors occurred:\n"
                    + "\t* Failed to join 127.0.0.1:" + a + ": dial tcp 127.0.0.1:" + a + ": connect: connection refused\n"
                    + "\t* Failed to join 127.0.0.1:" + b + ": dial tcp 127.0.0.1:" + b + ": connect: connection refused\n\n");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
