package io.proconsul.core.config;

import io.proconsul.core.GoDuration;
import io.proconsul.core.operator.AutopilotConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns the merged sources into an {@link AgentConfig}, applying Consul's {@code builder.build} and
 * {@code builder.validate} rules for the keys we read, with Consul's messages. Every error is prefixed
 * with the source that set the offending key.
 */
final class AgentConfigBuilder {

    private static final Pattern BASIC_NAME = Pattern.compile("^[a-z0-9_-]+$");
    private static final Pattern META_KEY = Pattern.compile("^[a-zA-Z0-9_-]+$");
    private static final Pattern DNS_INVALID = Pattern.compile("[^A-Za-z0-9\\-]+");
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERR", "ERROR");
    static final int MAX_RAFT_MULTIPLIER = 10;

    private final MergedConfig c;
    private final boolean dev;
    private final Supplier<String> hostname;
    private final Supplier<List<InetAddress>> interfaceAddresses;
    private final List<String> warnings;

    AgentConfigBuilder(MergedConfig c, boolean dev, Supplier<String> hostname,
            Supplier<List<InetAddress>> interfaceAddresses, List<String> warnings) {
        this.c = c;
        this.dev = dev;
        this.hostname = hostname;
        this.interfaceAddresses = interfaceAddresses;
        this.warnings = warnings;
    }

    AgentConfig build() throws ConfigException {
        AgentConfig.Ports ports = ports();
        AddressSettings.Resolved addrs = new AddressSettings(c, interfaceAddresses, warnings).resolve();
        String datacenter = c.string("datacenter").toLowerCase(Locale.ROOT);
        AgentConfig.Raft raft = raft();
        Duration retryInterval = duration("retry_interval");
        boolean ui = uiEnabled();
        String nodeName = nodeName();
        boolean bootstrap = c.bool("bootstrap");
        int expect = (int) c.number("bootstrap_expect");
        if (expect == 1) {
            bootstrap = true;
            expect = 0;
            warnings.add("BootstrapExpect is set to 1; this is the same as Bootstrap mode.");
        }
        validateNames(datacenter, nodeName);
        validateDataDir();
        validateBootstrap(bootstrap, expect);
        String primary = c.isSet("primary_datacenter")
                ? c.string("primary_datacenter").toLowerCase(Locale.ROOT) : "";
        basicName("primary_datacenter", primary, true);
        validateNodeMeta();
        boolean server = c.bool("server");
        AgentConfig.Discovery discovery = new DiscoverySettings(c, warnings).build(datacenter);
        AgentConfig cfg = new AgentConfig(nodeName, nodeId(), datacenter, primary.isEmpty() ? datacenter : primary,
                c.isSet("data_dir") ? c.string("data_dir") : "", server, bootstrap || (dev && server), expect, dev,
                addrs.bind(), addrs.client(), addrs.advertise(),
                new AgentConfig.Addresses(addrs.http(), addrs.dns()), ports, logLevel(), c.string("log_file"), ui,
                limits(), domain(), c.list("start_join"), c.list("retry_join"), retryInterval,
                (int) c.number("retry_max"), c.bool("rejoin_after_leave"), c.map("node_meta"), raft, discovery,
                leave(server), autopilot(), c.definitions("watches"), disableRemoteExec());
        AddressClashes.check(cfg, c);
        expectWarnings(server, bootstrap, expect);
        return cfg;
    }

    private AgentConfig.Ports ports() throws ConfigException {
        AgentConfig.Ports p = new AgentConfig.Ports(port("ports.dns"), port("ports.http"), port("ports.https"),
                port("ports.grpc"), port("ports.serf_lan"), port("ports.serf_wan"), port("ports.server"),
                clientRpcPort());
        if (p.server() <= 0) {
            throw c.error("server-port must be greater than zero", "ports.server");
        }
        if (p.serfLan() <= 0) {
            throw c.error("serf-lan-port must be greater than zero", "ports.serf_lan");
        }
        return p;
    }

    /**
     * Ours, {@code ports.client_rpc}: unlike Consul's ports, 0 means a free port (tests) and only a negative
     * value turns the listener off; unset means the server port + 3.
     */
    private int clientRpcPort() throws ConfigException {
        if (!c.isSet("ports.client_rpc")) {
            return AgentConfig.Ports.CLIENT_RPC_DEFAULT;
        }
        long v = c.number("ports.client_rpc");
        if (v > 65535) {
            throw c.error("ports.client_rpc: invalid port: " + v, "ports.client_rpc");
        }
        return v < 0 ? -1 : (int) v;
    }

    /** Consul's {@code portVal}: zero or less turns the listener off (-1), above 65535 is an error. */
    private int port(String key) throws ConfigException {
        long v = c.number(key);
        if (v > 65535) {
            throw c.error(key + ": invalid port: " + v, key);
        }
        return v <= 0 ? -1 : (int) v;
    }

    private AgentConfig.Raft raft() throws ConfigException {
        long multiplier = c.number("performance.raft_multiplier");
        if (multiplier < 1 || multiplier > MAX_RAFT_MULTIPLIER) {
            throw c.error("performance.raft_multiplier cannot be " + multiplier + ". Must be between 1 and "
                    + MAX_RAFT_MULTIPLIER, "performance.raft_multiplier");
        }
        return new AgentConfig.Raft(c.number("raft_snapshot_threshold"), duration("raft_snapshot_interval"),
                c.number("raft_trailing_logs"), (int) multiplier);
    }

    /** Consul's {@code disable_remote_exec}: true (remote exec off) unless set. */
    private boolean disableRemoteExec() {
        Boolean v = c.boolOrNull("disable_remote_exec");
        return v == null || v;
    }

    /** Consul's {@code builder.go}: unset keys take the defaults of the agent's role. */
    private AgentConfig.Leave leave(boolean server) {
        AgentConfig.Leave d = AgentConfig.Leave.defaults(server);
        Boolean term = c.boolOrNull("leave_on_terminate");
        Boolean interrupt = c.boolOrNull("skip_leave_on_interrupt");
        return new AgentConfig.Leave(term != null ? term : d.leaveOnTerminate(),
                interrupt != null ? interrupt : d.skipLeaveOnInterrupt());
    }

    private AutopilotConfig autopilot() throws ConfigException {
        long trailing = c.number("autopilot.max_trailing_logs");
        if (trailing < 0) {
            throw c.error("autopilot.max_trailing_logs cannot be " + trailing
                    + ". Must be greater than or equal to zero", "autopilot.max_trailing_logs");
        }
        long minQuorum = c.number("autopilot.min_quorum");
        if (minQuorum < 0 || minQuorum > Integer.MAX_VALUE) {
            // Consul decodes it into a uint; mapstructure's wording for a value that does not fit.
            throw c.error("autopilot.min_quorum: cannot parse 'min_quorum', " + minQuorum + " overflows uint",
                    "autopilot.min_quorum");
        }
        return new AutopilotConfig(c.bool("autopilot.cleanup_dead_servers"),
                duration("autopilot.last_contact_threshold"), trailing, (int) minQuorum,
                duration("autopilot.server_stabilization_time"), 0, 0);
    }

    private Duration duration(String key) throws ConfigException {
        String v = c.string(key);
        try {
            return GoDuration.parse(v);
        } catch (IllegalArgumentException e) {
            throw c.error(key + ": invalid duration: \"" + v + "\": " + e.getMessage(), key);
        }
    }

    private boolean uiEnabled() {
        Boolean legacy = c.boolOrNull("ui");
        if (legacy != null) {
            warnings.add("The 'ui' field is deprecated. Use the 'ui_config.enabled' field instead.");
        }
        Boolean enabled = c.boolOrNull("ui_config.enabled");
        return enabled != null ? enabled : Boolean.TRUE.equals(legacy);
    }

    private String nodeName() {
        String name = c.isSet("node_name") ? c.string("node_name") : "";
        return (name.isEmpty() ? hostname.get() : name).strip();
    }

    private void validateNames(String datacenter, String nodeName) throws ConfigException {
        basicName("datacenter", datacenter, false);
        if (nodeName.isEmpty()) {
            throw c.error("node_name cannot be empty", "node_name");
        }
        if (DNS_INVALID.matcher(nodeName).find()) {
            warnings.add("Node name \"" + nodeName + "\" will not be discoverable via DNS due to invalid "
                    + "characters. Valid characters include all alpha-numerics and dashes.");
        } else if (nodeName.length() > 63) {
            warnings.add("Node name \"" + nodeName + "\" will not be discoverable via DNS due to it being too "
                    + "long. Valid lengths are between 1 and 63 bytes.");
        }
    }

    private void basicName(String key, String value, boolean allowEmpty) throws ConfigException {
        if (value.isEmpty()) {
            if (!allowEmpty) {
                throw c.error(key + " cannot be empty", key);
            }
            return;
        }
        if (!BASIC_NAME.matcher(value).matches()) {
            throw c.error(key + " can only contain lowercase alphanumeric, - or _ characters. received: \""
                    + value + "\"", key);
        }
    }

    private void validateDataDir() throws ConfigException {
        String dir = c.isSet("data_dir") ? c.string("data_dir") : "";
        if (dir.isEmpty() && !dev) {
            throw c.error("data_dir cannot be empty", "data_dir");
        }
        if (!dev && Files.exists(Path.of(dir)) && !Files.isDirectory(Path.of(dir))) {
            throw c.error("data_dir \"" + dir + "\" is not a directory", "data_dir");
        }
    }

    private void validateBootstrap(boolean bootstrap, int expect) throws ConfigException {
        boolean server = c.bool("server");
        if (bootstrap && !server) {
            throw c.error("'bootstrap = true' requires 'server = true'", "bootstrap", "server", "bootstrap_expect");
        }
        if (expect < 0) {
            throw c.error("bootstrap_expect cannot be " + expect + ". Must be greater than or equal to zero",
                    "bootstrap_expect");
        }
        if (expect > 0 && !server) {
            throw c.error("'bootstrap_expect > 0' requires 'server = true'", "bootstrap_expect", "server");
        }
        if (expect > 0 && dev) {
            throw c.error("'bootstrap_expect > 0' not allowed in dev mode", "bootstrap_expect");
        }
        if (expect > 0 && bootstrap) {
            throw c.error("'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive",
                    "bootstrap_expect", "bootstrap");
        }
    }

    private void validateNodeMeta() throws ConfigException {
        Map<String, String> meta = c.map("node_meta");
        if (meta.size() > 64) {
            throw c.error("node_meta invalid: Node metadata cannot contain more than 64 key/value pairs",
                    "node_meta");
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String problem = metaProblem(e.getKey(), e.getValue());
            if (problem != null) {
                throw c.error("node_meta invalid: Couldn't load metadata pair ('" + e.getKey() + "', '"
                        + e.getValue() + "'): " + problem, "node_meta");
            }
        }
    }

    private static String metaProblem(String key, String value) {
        if (key.isEmpty()) {
            return "Key cannot be blank";
        }
        if (!META_KEY.matcher(key).matches()) {
            return "Key contains invalid characters";
        }
        if (key.length() > 128) {
            return "Key is too long (limit: 128 characters)";
        }
        if (key.startsWith("consul-")) {
            return "Key prefix 'consul-' is reserved for internal use";
        }
        return value.length() > 512 ? "Value is too long (limit: 512 characters)" : null;
    }

    private String logLevel() throws ConfigException {
        String level = c.string("log_level").strip().toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw c.error("Invalid log level: " + c.string("log_level") + ". Valid log levels are: "
                    + "[" + String.join(" ", LOG_LEVELS) + "]", "log_level");
        }
        return level.equals("ERR") ? "ERROR" : level;
    }

    private String nodeId() throws ConfigException {
        String id = c.isSet("node_id") ? c.string("node_id").strip().toLowerCase(Locale.ROOT) : "";
        String problem = id.isEmpty() ? null : NodeIdentity.uuidProblem(id);
        if (problem != null) {
            throw c.error("node_id: " + problem, "node_id");
        }
        return id;
    }

    private AgentConfig.Limits limits() throws ConfigException {
        String kvKey = c.isSet("kv_max_value_size") ? "kv_max_value_size" : "limits.kv_max_value_size";
        if (kvKey.equals("kv_max_value_size")) {
            warnings.add(c.origin(kvKey) + ": config key \"kv_max_value_size\" belongs in the limits block, "
                    + "the only place Consul reads it");
        }
        long kv = positive(kvKey);
        long txn = positive("limits.txn_max_req_len");
        Duration ttlMin = duration("session_ttl_min");
        if (ttlMin.isNegative()) {
            throw c.error("session_ttl_min: must not be negative: \"" + c.string("session_ttl_min") + "\"",
                    "session_ttl_min");
        }
        return new AgentConfig.Limits(kv, txn, (int) c.number("limits.http_max_conns_per_client"), ttlMin);
    }

    private long positive(String key) throws ConfigException {
        long v = c.number(key);
        if (v <= 0) {
            throw c.error(key + " cannot be " + v + ". Must be greater than zero", key);
        }
        return v;
    }

    private String domain() {
        String d = c.string("domain").strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d : d + ".";
    }

    private void expectWarnings(boolean server, boolean bootstrap, int expect) {
        if (c.isSet("start_join") && !c.list("start_join").isEmpty()) {
            warnings.add("The 'start_join' field is deprecated. Use the 'retry_join' field instead.");
        }
        if (server && !dev && !bootstrap && expect == 2) {
            warnings.add("bootstrap_expect = 2: A cluster with 2 servers will provide no failure tolerance. "
                    + "See https://www.consul.io/docs/internals/consensus.html#deployment-table");
        }
        if (server && !bootstrap && expect > 2 && expect % 2 == 0) {
            warnings.add("bootstrap_expect is even number: A cluster with an even number of servers does not "
                    + "achieve optimum fault tolerance. See "
                    + "https://www.consul.io/docs/internals/consensus.html#deployment-table");
        }
        if (server && bootstrap && expect == 0) {
            warnings.add("bootstrap = true: do not enable unless necessary");
        }
        if (server && !dev && !bootstrap && expect > 1) {
            warnings.add("bootstrap_expect > 0: expecting " + expect + " servers");
        }
    }
}
