package io.proconsul.http.endpoint;

import io.proconsul.core.Version;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.membership.Membership;
import io.proconsul.core.store.Store;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code Stats} of {@code /v1/agent/self}, the sections {@code consul info} prints: {@code agent},
 * {@code build}, {@code consul}, {@code raft} (servers), {@code runtime}, {@code serf_lan} and
 * {@code serf_wan} (servers). The serf sections are the pools' own {@link Membership#stats()}; where a pool
 * is missing (no gossip at all, as in HTTP-only tests) Consul's section is still sent, describing a pool
 * that holds only this agent. All values are strings, as in Consul.
 */
final class AgentStats {

    private final AgentConfig config;
    private final Store store;
    private final Membership lan;
    private final Membership wan;

    AgentStats(AgentConfig config, Store store, Membership lan, Membership wan) {
        this.config = config;
        this.store = store;
        this.lan = lan;
        this.wan = wan;
    }

    SortedMap<String, SortedMap<String, String>> all() {
        SortedMap<String, SortedMap<String, String>> stats = new TreeMap<>();
        SortedMap<String, String> raft = config.server() ? new TreeMap<>(store.raftStats()) : new TreeMap<>();
        stats.put("agent", agent());
        stats.put("build", build());
        stats.put("consul", consul(raft));
        stats.put("runtime", runtime());
        stats.put("serf_lan", serf(lan));
        if (config.server()) {
            stats.put("raft", raft);
            stats.put("serf_wan", serf(wan));
        }
        return stats;
    }

    private static SortedMap<String, String> agent() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("check_monitors", "0");
        m.put("check_ttls", "0");
        m.put("checks", "0");
        m.put("services", "0");
        return m;
    }

    private static SortedMap<String, String> build() {
        SortedMap<String, String> m = new TreeMap<>();
        m.put("prerelease", "");
        m.put("revision", Version.REVISION);
        m.put("version", Version.CONSUL);
        m.put("version_metadata", "");
        return m;
    }

    private SortedMap<String, String> consul(SortedMap<String, String> raft) {
        SortedMap<String, String> m = new TreeMap<>();
        if (!config.server()) {
            m.put("server", "false");
            m.put("known_servers", Integer.toString(store.peers().size()));
            return m;
        }
        m.put("server", "true");
        // The raft section knows this server's role even when the RPC port was picked at start-up.
        m.put("leader", Boolean.toString("Leader".equals(raft.get("state"))));
        m.put("leader_addr", store.leader().orElse(""));
        m.put("bootstrap", Boolean.toString(config.bootstrap() || config.devMode()));
        m.put("known_datacenters", Long.toString(knownDatacenters()));
        m.put("acl", "disabled");
        return m;
    }

    /** Datacenters with a server in the WAN pool, this one included (Consul's router knows them so). */
    private long knownDatacenters() {
        if (wan == null) {
            return 1;
        }
        long n = wan.members().stream().map(m -> m.datacenter()).filter(dc -> !dc.isEmpty()).distinct().count();
        return Math.max(1, n);
    }

    private static SortedMap<String, String> runtime() {
        SortedMap<String, String> m = new TreeMap<>();
        int cpus = Runtime.getRuntime().availableProcessors();
        m.put("os", System.getProperty("os.name", "").toLowerCase(Locale.ROOT));
        m.put("arch", goArch(System.getProperty("os.arch", "")));
        m.put("version", "java" + Runtime.version());
        m.put("cpu_count", Integer.toString(cpus));
        m.put("max_procs", Integer.toString(cpus));
        // Go counts goroutines; the nearest JVM figure is the live thread count.
        m.put("goroutines", Integer.toString(ManagementFactory.getThreadMXBean().getThreadCount()));
        return m;
    }

    private static SortedMap<String, String> serf(Membership pool) {
        if (pool != null) {
            return new TreeMap<>(pool.stats());
        }
        SortedMap<String, String> m = new TreeMap<>();
        m.put("members", "1");
        m.put("failed", "0");
        m.put("left", "0");
        m.put("health_score", "0");
        m.put("member_time", "1");
        m.put("event_time", "1");
        m.put("query_time", "1");
        m.put("intent_queue", "0");
        m.put("event_queue", "0");
        m.put("query_queue", "0");
        m.put("encrypted", "false");
        m.put("coordinate_resets", "0");
        return m;
    }

    /** Go's GOARCH names for the JVM's {@code os.arch}. */
    static String goArch(String arch) {
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "amd64";
            case "aarch64":
                return "arm64";
            case "x86":
            case "i386":
                return "386";
            default:
                return arch;
        }
    }
}
