package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fifty pools in one JVM on loopback: measures how long the pool takes to converge after every member
 * joined one seed, and how long the others take to declare a crashed member failed.
 */
final class FiftyAgents {

    static final int N = 50;

    /** @param packetsPerAgentPerSecond datagrams each agent sent per second once converged (0 if not measured) */
    record Figures(long joinConvergenceMs, List<Long> detectionMs, double packetsPerAgentPerSecond) {}

    private FiftyAgents() {}

    /** Runs the measurement at {@code scale} times Consul's LAN timings, crashing {@code victims} members. */
    static Figures measure(double scale, int victims, Duration timeout, Duration steadyWindow) throws Exception {
        try (TestCluster c = new TestCluster(scale)) {
            for (int i = 0; i < N; i++) {
                c.start(c.config("agent-" + i));
            }
            long t0 = System.nanoTime();
            String seed = TestCluster.address(c.pools.get(0));
            List<java.util.concurrent.CompletableFuture<Integer>> joins = new ArrayList<>();
            for (int i = 1; i < N; i++) {
                joins.add(c.pools.get(i).join(List.of(seed)));
            }
            for (var j : joins) {
                assertThat(j.get()).isEqualTo(1);
            }
            TestCluster.awaitAlive(c.pools, N, timeout);
            long joinMs = (System.nanoTime() - t0) / 1_000_000;
            double rate = steadyRate(c, steadyWindow);
            List<Long> detections = new ArrayList<>();
            for (int v = 0; v < victims; v++) {
                detections.add(crashAndDetect(c, N - 1 - v, timeout));
            }
            return new Figures(joinMs, detections, rate);
        }
    }

    /** Datagrams sent per agent per second over {@code window} of undisturbed operation. */
    private static double steadyRate(TestCluster c, Duration window) throws Exception {
        if (window.isZero()) {
            return 0;
        }
        long before = c.pools.stream().mapToLong(p -> p.packetCounters().snapshot().get("packets_sent")).sum();
        Eventually.holdsFor(window, () -> assertThat(c.pools.get(0).stats()).containsEntry("failed", "0"));
        long after = c.pools.stream().mapToLong(p -> p.packetCounters().snapshot().get("packets_sent")).sum();
        return (after - before) / (double) N / (window.toMillis() / 1000.0);
    }

    /** Crashes one member and returns when every live member has declared it failed (in ms). */
    private static long crashAndDetect(TestCluster c, int victim, Duration timeout) throws Exception {
        SerfPool dead = c.pools.get(victim);
        String name = dead.local().name();
        List<SerfPool> live = c.pools.subList(0, victim);
        long t0 = System.nanoTime();
        dead.close();
        Eventually.within(timeout, () -> {
            for (SerfPool p : live) {
                assertThat(TestCluster.status(p, name)).as("%s seen by %s", name, p.local().name())
                        .isEqualTo(MemberStatus.FAILED);
            }
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        for (int i = 0; i < victim; i++) {
            assertThat(c.events.get(i)).as("no false failures")
                    .noneMatch(e -> e.type() == MemberEvent.Type.FAILED && !isCrashed(e, victim));
        }
        return ms;
    }

    private static boolean isCrashed(MemberEvent e, int lowestCrashed) {
        int index = Integer.parseInt(e.member().name().substring("agent-".length()));
        return index >= lowestCrashed;
    }
}
