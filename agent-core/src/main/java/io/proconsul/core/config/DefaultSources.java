package io.proconsul.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in sources merged before any file: Consul's {@code DefaultSource} for the keys we read, and
 * {@code DevSource} for {@code -dev} (an in-memory server on 127.0.0.1 with debug logs, the UI on, fast
 * Raft timing and gRPC on 8502). Dev mode also bootstraps itself; {@link AgentConfigBuilder} sets that,
 * because in Consul it is implied by dev mode rather than written in a source.
 */
final class DefaultSources {

    static final String DEFAULT = "default";
    static final String DEV = "dev";

    private DefaultSources() {}

    static ConfigFragment defaults() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("bind_addr", "0.0.0.0");
        v.put("bootstrap", false);
        v.put("bootstrap_expect", 0L);
        v.put("client_addr", "127.0.0.1");
        v.put("datacenter", "dc1");
        v.put("domain", "consul.");
        v.put("log_level", "INFO");
        v.put("retry_interval", "30s");
        v.put("session_ttl_min", "10s");
        v.put("server", false);
        v.put("limits.http_max_conns_per_client", 200L);
        v.put("limits.kv_max_value_size", AgentConfig.Limits.DEFAULT_KV_MAX_VALUE_SIZE);
        v.put("limits.txn_max_req_len", AgentConfig.Limits.DEFAULTS.txnMaxReqLen());
        v.put("performance.raft_multiplier", (long) AgentConfig.Raft.DEFAULTS.raftMultiplier());
        AgentConfig.Ports p = AgentConfig.Ports.DEFAULTS;
        v.put("ports.dns", (long) p.dns());
        v.put("ports.http", (long) p.http());
        v.put("ports.https", (long) p.https());
        v.put("ports.grpc", (long) p.grpc());
        v.put("ports.serf_lan", (long) p.serfLan());
        v.put("ports.serf_wan", (long) p.serfWan());
        v.put("ports.server", (long) p.server());
        AgentConfig.Raft r = AgentConfig.Raft.DEFAULTS;
        v.put("raft_snapshot_threshold", r.snapshotThreshold());
        v.put("raft_snapshot_interval", r.snapshotInterval().toSeconds() + "s");
        v.put("raft_trailing_logs", r.trailingLogs());
        discovery(v);
        autopilot(v);
        return new ConfigFragment(DEFAULT, v);
    }

    /** Consul's {@code autopilot {}} defaults (its {@code default.go}). */
    private static void autopilot(Map<String, Object> v) {
        io.proconsul.core.operator.AutopilotConfig a = io.proconsul.core.operator.AutopilotConfig.DEFAULTS;
        v.put("autopilot.cleanup_dead_servers", a.cleanupDeadServers());
        v.put("autopilot.last_contact_threshold", a.lastContactThreshold().toMillis() + "ms");
        v.put("autopilot.max_trailing_logs", a.maxTrailingLogs());
        v.put("autopilot.min_quorum", (long) a.minQuorum());
        v.put("autopilot.server_stabilization_time", a.serverStabilizationTime().toSeconds() + "s");
    }

    /** The service-discovery keys: script checks off, 4 KiB of check output, Consul's dns_config. */
    private static void discovery(Map<String, Object> v) {
        v.put("enable_script_checks", false);
        v.put("enable_local_script_checks", false);
        v.put("check_output_max_size", (long) AgentConfig.Discovery.DEFAULTS.checkOutputMaxSize());
        AgentConfig.Dns d = AgentConfig.Dns.DEFAULTS;
        v.put("dns_config.allow_stale", d.allowStale());
        v.put("dns_config.max_stale", d.maxStale().toHours() + "h");
        v.put("dns_config.node_ttl", "0s");
        v.put("dns_config.only_passing", d.onlyPassing());
        v.put("dns_config.enable_truncate", d.enableTruncate());
        v.put("dns_config.udp_answer_limit", (long) d.udpAnswerLimit());
        v.put("dns_config.a_record_limit", (long) d.aRecordLimit());
        v.put("dns_config.recursor_timeout", d.recursorTimeout().toSeconds() + "s");
        v.put("dns_config.disable_compression", d.disableCompression());
        v.put("dns_config.enable_additional_node_meta_txt", d.enableAdditionalNodeMetaTxt());
        v.put("dns_config.soa.min_ttl", d.soaMinTtl());
    }

    static ConfigFragment dev() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("bind_addr", "127.0.0.1");
        v.put("client_addr", "127.0.0.1");
        v.put("ui_config.enabled", true);
        v.put("log_level", "DEBUG");
        v.put("server", true);
        v.put("performance.raft_multiplier", 1L);
        v.put("ports.grpc", 8502L);
        return new ConfigFragment(DEV, v);
    }
}
