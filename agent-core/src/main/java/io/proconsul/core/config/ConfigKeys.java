package io.proconsul.core.config;

import java.util.Map;
import java.util.Set;

/**
 * The config keys: those Proconsul reads (with the shape each must have), and those Consul knows but
 * Proconsul ignores for now with a warning. Any other key is an error, as in Consul ("invalid config
 * key"). Nested keys are written with dots ({@code ports.http}); only the blocks we read are checked key
 * by key, an ignored block is reported once by its top-level name.
 *
 * <p>The list of known keys follows Consul's {@code agent/config/config.go} and {@code deprecated.go}.
 */
final class ConfigKeys {

    /** The shape a key's value must have. */
    enum Kind { STRING, BOOL, INT, LIST, MAP, BLOCK, SERVICES, CHECKS, WATCHES, UNSUPPORTED, UNKNOWN }

    static final Map<String, Kind> SUPPORTED = Map.ofEntries(
            Map.entry("node_name", Kind.STRING),
            Map.entry("node_id", Kind.STRING),
            Map.entry("datacenter", Kind.STRING),
            Map.entry("primary_datacenter", Kind.STRING),
            Map.entry("data_dir", Kind.STRING),
            Map.entry("server", Kind.BOOL),
            Map.entry("bootstrap", Kind.BOOL),
            Map.entry("bootstrap_expect", Kind.INT),
            Map.entry("bind_addr", Kind.STRING),
            Map.entry("client_addr", Kind.STRING),
            Map.entry("advertise_addr", Kind.STRING),
            Map.entry("log_level", Kind.STRING),
            Map.entry("log_file", Kind.STRING),
            Map.entry("ui", Kind.BOOL),
            Map.entry("domain", Kind.STRING),
            Map.entry("start_join", Kind.LIST),
            Map.entry("retry_join", Kind.LIST),
            Map.entry("retry_interval", Kind.STRING),
            Map.entry("retry_max", Kind.INT),
            Map.entry("rejoin_after_leave", Kind.BOOL),
            Map.entry("leave_on_terminate", Kind.BOOL),
            Map.entry("skip_leave_on_interrupt", Kind.BOOL),
            Map.entry("autopilot", Kind.BLOCK),
            Map.entry("autopilot.cleanup_dead_servers", Kind.BOOL),
            Map.entry("autopilot.last_contact_threshold", Kind.STRING),
            Map.entry("autopilot.max_trailing_logs", Kind.INT),
            Map.entry("autopilot.min_quorum", Kind.INT),
            Map.entry("autopilot.server_stabilization_time", Kind.STRING),
            Map.entry("node_meta", Kind.MAP),
            Map.entry("disable_remote_exec", Kind.BOOL),
            Map.entry("watches", Kind.WATCHES),
            Map.entry("raft_snapshot_threshold", Kind.INT),
            Map.entry("raft_snapshot_interval", Kind.STRING),
            Map.entry("raft_trailing_logs", Kind.INT),
            Map.entry("kv_max_value_size", Kind.INT),
            Map.entry("session_ttl_min", Kind.STRING),
            Map.entry("addresses", Kind.BLOCK),
            Map.entry("addresses.http", Kind.STRING),
            Map.entry("addresses.dns", Kind.STRING),
            Map.entry("ports", Kind.BLOCK),
            Map.entry("ports.dns", Kind.INT),
            Map.entry("ports.http", Kind.INT),
            Map.entry("ports.https", Kind.INT),
            Map.entry("ports.grpc", Kind.INT),
            Map.entry("ports.serf_lan", Kind.INT),
            Map.entry("ports.serf_wan", Kind.INT),
            Map.entry("ports.server", Kind.INT),
            Map.entry("ports.client_rpc", Kind.INT),
            Map.entry("limits", Kind.BLOCK),
            Map.entry("limits.kv_max_value_size", Kind.INT),
            Map.entry("limits.txn_max_req_len", Kind.INT),
            Map.entry("limits.http_max_conns_per_client", Kind.INT),
            Map.entry("performance", Kind.BLOCK),
            Map.entry("performance.raft_multiplier", Kind.INT),
            Map.entry("ui_config", Kind.BLOCK),
            Map.entry("ui_config.enabled", Kind.BOOL),
            // service discovery: definitions are decoded whole by DefinitionDecoder
            Map.entry("service", Kind.SERVICES),
            Map.entry("services", Kind.SERVICES),
            Map.entry("check", Kind.CHECKS),
            Map.entry("checks", Kind.CHECKS),
            Map.entry("enable_script_checks", Kind.BOOL),
            Map.entry("enable_local_script_checks", Kind.BOOL),
            Map.entry("check_output_max_size", Kind.INT),
            Map.entry("recursors", Kind.LIST),
            Map.entry("alt_domain", Kind.STRING),
            Map.entry("dns_config", Kind.BLOCK),
            Map.entry("dns_config.allow_stale", Kind.BOOL),
            Map.entry("dns_config.max_stale", Kind.STRING),
            Map.entry("dns_config.node_ttl", Kind.STRING),
            Map.entry("dns_config.service_ttl", Kind.MAP),
            Map.entry("dns_config.only_passing", Kind.BOOL),
            Map.entry("dns_config.enable_truncate", Kind.BOOL),
            Map.entry("dns_config.udp_answer_limit", Kind.INT),
            Map.entry("dns_config.a_record_limit", Kind.INT),
            Map.entry("dns_config.recursor_timeout", Kind.STRING),
            Map.entry("dns_config.disable_compression", Kind.BOOL),
            Map.entry("dns_config.enable_additional_node_meta_txt", Kind.BOOL),
            Map.entry("dns_config.soa", Kind.BLOCK),
            Map.entry("dns_config.soa.min_ttl", Kind.INT));

    /** Keys Consul accepts that Proconsul does not act on yet: a warning, never an error. */
    static final Set<String> UNSUPPORTED = Set.of(
            // top level, config.go
            "acl", "advertise_addr_ipv4", "advertise_addr_ipv6", "advertise_addr_wan", "advertise_addr_wan_ipv4",
            "advertise_addr_wan_ipv6", "advertise_reconnect_timeout", "auto_config", "cache",
            "check_update_interval", "cloud", "config_entries", "auto_encrypt", "connect", "default_query_time",
            "disable_anonymous_signature", "disable_coordinates", "disable_host_node_id",
            "disable_http_unprintable_char_filter", "disable_keyring_file",
            "disable_update_check", "discard_check_output", "discovery_max_stale", "enable_agent_tls_for_checks",
            "enable_central_service_config", "enable_debug", "enable_syslog", "encrypt", "encrypt_verify_incoming",
            "encrypt_verify_outgoing", "gossip_lan", "gossip_wan", "http_config",
            "license_path", "locality", "log_sublevels", "log_json", "log_rotate_duration", "log_rotate_bytes",
            "log_rotate_max_files", "max_query_time",
            "peering", "pid_file", "primary_gateways", "primary_gateways_interval", "protocol", "raft_protocol",
            "reconnect_timeout", "reconnect_timeout_wan", "auto_reload_config", "retry_interval_wan",
            "retry_join_wan", "retry_max_wan", "serf_lan_allowed_cidrs", "serf_wan_allowed_cidrs", "serf_lan",
            "serf_wan", "server_name", "server_rejoin_age_max",
            "syslog_facility", "tls", "tagged_addresses", "telemetry",
            "translate_wan_addrs", "xds", "ui_content_path", "ui_dir", "unix_sockets", "rpc",
            "raft_logstore", "use_streaming_backend", "snapshot_agent", "experiments",
            // not user-configurable in Consul, but accepted in files
            "ae_interval", "check_deregister_interval_min", "check_reap_interval", "consul", "revision",
            "segment_limit", "segment_name_limit", "sync_coordinate_interval_min", "sync_coordinate_rate_target",
            "version", "version_prerelease", "version_metadata", "build_date",
            // Enterprise only
            "audit", "read_replica", "non_voting_server", "segment", "segments", "partition",
            "license_poll_base_time", "license_poll_max_time", "license_update_base_time",
            "license_update_max_time", "reporting",
            // deprecated.go
            "acl_agent_master_token", "acl_agent_token", "acl_token", "acl_enable_key_list_policy",
            "acl_master_token", "acl_replication_token", "enable_acl_replication", "acl_datacenter",
            "acl_default_policy", "acl_down_policy", "acl_ttl", "acl_enforce_version_8", "ca_file", "ca_path",
            "cert_file", "key_file", "tls_cipher_suites", "tls_min_version", "verify_incoming",
            "verify_incoming_https", "verify_incoming_rpc", "verify_outgoing", "verify_server_hostname",
            "tls_prefer_server_cipher_suites", "start_join_wan", "raft_boltdb",
            // inside the blocks we read
            "autopilot.disable_upgrade_migration", "autopilot.redundancy_zone_tag", "autopilot.upgrade_version_tag",
            "addresses.https", "addresses.grpc", "addresses.grpc_tls",
            "ports.grpc_tls", "ports.proxy_min_port", "ports.proxy_max_port", "ports.sidecar_min_port",
            "ports.sidecar_max_port", "ports.expose_min_port", "ports.expose_max_port",
            "limits.https_handshake_timeout", "limits.request_limits", "limits.rpc_client_timeout",
            "limits.rpc_handshake_timeout", "limits.rpc_max_burst", "limits.rpc_max_conns_per_client",
            "limits.rpc_rate",
            "performance.leave_drain_time", "performance.rpc_hold_timeout",
            "ui_config.dir", "ui_config.content_path", "ui_config.metrics_provider",
            "ui_config.metrics_provider_files", "ui_config.metrics_provider_options_json",
            "ui_config.metrics_proxy", "ui_config.dashboard_url_templates",
            "dns_config.recursor_strategy", "dns_config.use_cache", "dns_config.cache_max_age",
            "dns_config.prefer_namespace", "dns_config.soa.refresh", "dns_config.soa.retry", "dns_config.soa.expire");

    private ConfigKeys() {}

    static Kind kindOf(String path) {
        Kind k = SUPPORTED.get(path);
        if (k != null) {
            return k;
        }
        return UNSUPPORTED.contains(path) ? Kind.UNSUPPORTED : Kind.UNKNOWN;
    }
}
