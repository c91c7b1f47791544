package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.serf.memberlist.GossipTiming;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fifty agents in one JVM at half of Consul's LAN timings (probe every 500 ms): join convergence and
 * detection. Half, not less: on two shared cores, faster timings starve the probes into false failures.
 */
@Timeout(120)
class FiftyAgentsIT {

    private static final double SCALE = 0.5;

    @Test
    void fiftyAgentsConvergeAndDetectACrash() throws Exception {
        FiftyAgents.Figures f = FiftyAgents.measure(SCALE, 1, Duration.ofSeconds(40), Duration.ZERO);
        GossipTiming t = GossipTiming.lan().scaled(SCALE);
        long maxSuspicion = t.suspicionTimeout(FiftyAgents.N).multipliedBy(t.suspicionMaxTimeoutMult()).toMillis();
        System.out.printf("50 agents at %.2fx LAN timings: join convergence %d ms, detection %s ms%n", SCALE,
                f.joinConvergenceMs(), f.detectionMs());
        assertThat(f.joinConvergenceMs()).isLessThan(30_000);
        // Never beyond SWIM's worst case: a probe round plus the longest suspicion.
        assertThat(f.detectionMs().get(0)).isLessThan(t.probeInterval().multipliedBy(2).toMillis() + maxSuspicion);
    }
}
