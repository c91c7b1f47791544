package io.proconsul.serf;

import io.proconsul.serf.memberlist.GossipTiming;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one gossip pool needs to start. Immutable; build with {@link #lan} or {@link #wan} and the
 * {@code with...} methods.
 *
 * @param pool {@code "lan"} or {@code "wan"}
 * @param nodeName this member's name in the pool ({@code node} on the LAN, {@code node.dc} on the WAN)
 * @param bindPort 0 binds an ephemeral port (see {@link SerfPool#boundPort()})
 * @param advertiseAddress what others are told; null means the bind address
 * @param advertisePort what others are told; 0 means the bound port
 * @param datacenter this agent's datacenter: on the LAN pool, members tagged with another {@code dc} are
 *     refused; null disables the check
 * @param snapshotPath where to remember members and clocks across restarts; null for none (Consul's
 *     {@code -dev})
 * @param rejoinAfterLeave whether a restart after a graceful leave still rejoins the remembered members
 *     (Consul's {@code rejoin_after_leave})
 */
public record SerfConfig(
        String pool,
        String nodeName,
        String bindAddress,
        int bindPort,
        String advertiseAddress,
        int advertisePort,
        Map<String, String> tags,
        String datacenter,
        Path snapshotPath,
        boolean rejoinAfterLeave,
        GossipTiming gossip,
        SerfTiming serf) {

    /** Consul's default LAN gossip port. */
    public static final int DEFAULT_LAN_PORT = 8301;
    /** Consul's default WAN gossip port. */
    public static final int DEFAULT_WAN_PORT = 8302;

    public SerfConfig {
        if (!"lan".equals(pool) && !"wan".equals(pool)) {
            throw new IllegalArgumentException("pool must be lan or wan: " + pool);
        }
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(bindAddress, "bindAddress");
        tags = Map.copyOf(tags);
        Objects.requireNonNull(gossip, "gossip");
        Objects.requireNonNull(serf, "serf");
        if (bindPort < 0 || bindPort > 65535 || advertisePort < 0 || advertisePort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
    }

    /** A LAN pool with Consul's timings: memberlist's {@code DefaultLANConfig} and serf's defaults. */
    public static SerfConfig lan(String nodeName, String bindAddress, int bindPort, String datacenter) {
        return new SerfConfig("lan", nodeName, bindAddress, bindPort, null, 0, Map.of(), datacenter, null, false,
                GossipTiming.lan(), SerfTiming.consul());
    }

    /** A WAN pool with Consul's timings: memberlist's {@code DefaultWANConfig} and serf's defaults. */
    public static SerfConfig wan(String nodeName, String bindAddress, int bindPort, String datacenter) {
        return new SerfConfig("wan", nodeName, bindAddress, bindPort, null, 0, Map.of(), datacenter, null, false,
                GossipTiming.wan(), SerfTiming.consul());
    }

    public SerfConfig withTags(Map<String, String> t) {
        return new SerfConfig(pool, nodeName, bindAddress, bindPort, advertiseAddress, advertisePort, t,
                datacenter, snapshotPath, rejoinAfterLeave, gossip, serf);
    }

    public SerfConfig withAdvertise(String address, int port) {
        return new SerfConfig(pool, nodeName, bindAddress, bindPort, address, port, tags, datacenter,
                snapshotPath, rejoinAfterLeave, gossip, serf);
    }

    public SerfConfig withBindPort(int port) {
        return new SerfConfig(pool, nodeName, bindAddress, port, advertiseAddress, advertisePort, tags,
                datacenter, snapshotPath, rejoinAfterLeave, gossip, serf);
    }

    public SerfConfig withSnapshotPath(Path path) {
        return new SerfConfig(pool, nodeName, bindAddress, bindPort, advertiseAddress, advertisePort, tags,
                datacenter, path, rejoinAfterLeave, gossip, serf);
    }

    public SerfConfig withRejoinAfterLeave(boolean rejoin) {
        return new SerfConfig(pool, nodeName, bindAddress, bindPort, advertiseAddress, advertisePort, tags,
                datacenter, snapshotPath, rejoin, gossip, serf);
    }

    public SerfConfig withTiming(GossipTiming g, SerfTiming s) {
        return new SerfConfig(pool, nodeName, bindAddress, bindPort, advertiseAddress, advertisePort, tags,
                datacenter, snapshotPath, rejoinAfterLeave, g, s);
    }

    /**
     * Every duration (gossip and serf) multiplied by {@code factor}: tests keep the real proportions and
     * run faster, e.g. {@code scaled(0.1)} probes every 100 ms.
     */
    public SerfConfig scaled(double factor) {
        return withTiming(gossip.scaled(factor), serf.scaled(factor));
    }

    /**
     * The port assumed for a join address without one: our own bind port, as memberlist assumes (members
     * of a pool usually share it), or Consul's default for the pool when we bind an ephemeral port.
     */
    public int defaultPort() {
        if (bindPort != 0) {
            return bindPort;
        }
        return "lan".equals(pool) ? DEFAULT_LAN_PORT : DEFAULT_WAN_PORT;
    }

    String advertiseHost() {
        return advertiseAddress != null ? advertiseAddress : bindAddress;
    }
}
