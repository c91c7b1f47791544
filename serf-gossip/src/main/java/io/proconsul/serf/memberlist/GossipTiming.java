package io.proconsul.serf.memberlist;

import java.time.Duration;
import java.util.Objects;

/**
 * The SWIM timing profile of one pool, with memberlist's defaults: {@link #lan()} is
 * {@code DefaultLANConfig} (what Consul uses for its LAN pool) and {@link #wan()} is {@code DefaultWANConfig}.
 * Immutable.
 *
 * @param probeInterval how often one member is probed (scaled by the local health score)
 * @param probeTimeout how long to wait for a direct ack before asking others to probe indirectly
 * @param gossipInterval how often piggybacked broadcasts are sent to {@code gossipNodes} random members
 * @param indirectChecks how many members are asked to probe indirectly
 * @param suspicionMult multiplier of the probe interval (and of log10 of the cluster size) for the suspicion
 *     timeout's minimum
 * @param suspicionMaxTimeoutMult multiplier of that minimum for the suspicion timeout's starting value
 * @param retransmitMult a broadcast is sent {@code retransmitMult * ceil(log10(n + 1))} times
 * @param pushPullInterval how often the full state is exchanged with one random member over TCP
 * @param awarenessMaxMultiplier Lifeguard: the probe interval and timeouts grow up to this factor when
 *     this member looks unhealthy itself
 * @param tcpTimeout connect and exchange timeout of a push-pull or join
 * @param gossipToTheDeadTime how long dead members still receive gossip (so a wrongly declared member
 *     learns of it and refutes)
 */
public record GossipTiming(
        Duration probeInterval,
        Duration probeTimeout,
        Duration gossipInterval,
        int gossipNodes,
        int indirectChecks,
        int suspicionMult,
        int suspicionMaxTimeoutMult,
        int retransmitMult,
        Duration pushPullInterval,
        int awarenessMaxMultiplier,
        Duration tcpTimeout,
        Duration gossipToTheDeadTime) {

    public GossipTiming {
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(gossipInterval, "gossipInterval");
        Objects.requireNonNull(pushPullInterval, "pushPullInterval");
        Objects.requireNonNull(tcpTimeout, "tcpTimeout");
        Objects.requireNonNull(gossipToTheDeadTime, "gossipToTheDeadTime");
        if (probeTimeout.compareTo(probeInterval) > 0) {
            throw new IllegalArgumentException("probe timeout must not exceed the probe interval");
        }
        if (awarenessMaxMultiplier < 1 || suspicionMult < 1 || suspicionMaxTimeoutMult < 1 || retransmitMult < 1) {
            throw new IllegalArgumentException("multipliers must be at least 1");
        }
    }

    /** memberlist's {@code DefaultLANConfig}: Consul's LAN pool. */
    public static GossipTiming lan() {
        return new GossipTiming(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(200), 3, 3,
                4, 6, 4, Duration.ofSeconds(30), 8, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** memberlist's {@code DefaultWANConfig}: Consul's WAN pool. */
    public static GossipTiming wan() {
        return new GossipTiming(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMillis(500), 4, 3,
                6, 6, 4, Duration.ofSeconds(60), 8, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * The same profile with every duration multiplied by {@code factor} (counts unchanged), so tests keep
     * the proportions of the real timings while running faster.
     */
    public GossipTiming scaled(double factor) {
        return new GossipTiming(scale(probeInterval, factor), scale(probeTimeout, factor),
                scale(gossipInterval, factor), gossipNodes, indirectChecks, suspicionMult, suspicionMaxTimeoutMult,
                retransmitMult, scale(pushPullInterval, factor), awarenessMaxMultiplier, scale(tcpTimeout, factor),
                scale(gossipToTheDeadTime, factor));
    }

    static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.max(1_000_000L, (long) (d.toNanos() * factor)));
    }

    /**
     * memberlist's {@code suspicionTimeout}: {@code suspicionMult * max(1, log10(n)) * probeInterval}, the
     * minimum a suspicion lasts in a cluster of {@code n} members.
     */
    public Duration suspicionTimeout(int n) {
        double nodeScale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
        long millis = (long) (suspicionMult * Math.floor(nodeScale * 1000) * probeInterval.toNanos() / 1e9);
        return Duration.ofMillis(Math.max(1, millis));
    }

    /** memberlist's {@code retransmitLimit}: {@code retransmitMult * ceil(log10(n + 1))}. */
    public int retransmitLimit(int n) {
        return retransmitMult * (int) Math.ceil(Math.log10(n + 1.0));
    }

    /**
     * memberlist's {@code pushPullScale}: past 32 members the push-pull interval grows with log2 of the
     * cluster size, so the TCP load per member stays flat.
     */
    public Duration pushPullInterval(int n) {
        if (n <= 32) {
            return pushPullInterval;
        }
        double multiplier = Math.ceil(Math.log(n) / Math.log(2) - Math.log(32) / Math.log(2)) + 1.0;
        return Duration.ofNanos((long) (pushPullInterval.toNanos() * multiplier));
    }
}
