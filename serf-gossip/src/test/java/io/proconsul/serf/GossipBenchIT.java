package io.proconsul.serf;

import io.proconsul.serf.memberlist.GossipTiming;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The measurement at Consul's real LAN timings (probe 1 s, suspicion 4 x log10(n) s shrinking from 6x):
 * 50 agents, three crashes one after another. Excluded from the normal build (tag {@code bench}); run with
 * {@code mvn -o -pl serf-gossip verify -Dgossip.excludedGroups=none -Dit.test=GossipBenchIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class GossipBenchIT {

    @Test
    void fiftyAgentsAtConsulLanTimings() throws Exception {
        FiftyAgents.Figures f = FiftyAgents.measure(1.0, 3, Duration.ofSeconds(90), Duration.ofSeconds(10));
        GossipTiming t = GossipTiming.lan();
        double expected = 1.6 * t.probeInterval().toMillis() + t.suspicionTimeout(FiftyAgents.N).toMillis();
        System.out.printf("BENCH 50 agents, Consul LAN timings: join convergence %d ms; failure detection %s ms "
                + "(SWIM expectation ~1.6 probe periods + min suspicion = %.0f ms; worst case %d ms); "
                + "%.1f datagrams sent per agent per second when idle%n",
                f.joinConvergenceMs(), f.detectionMs(), expected, t.probeInterval().toMillis()
                        + t.suspicionTimeout(FiftyAgents.N).multipliedBy(t.suspicionMaxTimeoutMult()).toMillis(),
                f.packetsPerAgentPerSecond());
    }
}
