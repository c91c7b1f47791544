package io.proconsul.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An agent's resolved configuration: defaults, then config files in Consul's order, then command-line
 * flags, already merged and validated by {@link ConfigLoader}. Immutable; every component reads the
 * fields it needs from the one instance the agent was started with.
 *
 * <p>Field names follow Consul's config keys (in camelCase); the javadoc of each names its key and flag.
 *
 * @param nodeName {@code node_name} / {@code -node}; defaults to the host name
 * @param nodeId {@code node_id} / {@code -node-id}; {@code ""} until the agent loads or creates the one
 *     kept in the data dir
 * @param datacenter {@code datacenter} / {@code -datacenter}, lower-cased; default {@code dc1}
 * @param primaryDatacenter {@code primary_datacenter}; defaults to {@code datacenter}
 * @param dataDir {@code data_dir} / {@code -data-dir}; {@code ""} only with {@code -dev}
 * @param server {@code server} / {@code -server}
 * @param bootstrap {@code bootstrap} / {@code -bootstrap}
 * @param bootstrapExpect {@code bootstrap_expect} / {@code -bootstrap-expect}; 0 when unset
 * @param devMode {@code -dev}: an in-memory server that elects itself, with {@code 127.0.0.1} everywhere
 * @param bindAddr {@code bind_addr} / {@code -bind}: the cluster address (gossip, server RPC, Raft)
 * @param clientAddrs {@code client_addr} / {@code -client}: where HTTP and DNS listen (space-separated in
 *     Consul; one element per address here)
 * @param advertiseAddr {@code advertise_addr} / {@code -advertise}; {@code ""} means the bind address
 * @param addresses {@code addresses {}}: per-interface overrides of {@code clientAddrs}
 * @param ports {@code ports {}} and the {@code -*-port} flags
 * @param logLevel {@code log_level} / {@code -log-level}, upper-cased: TRACE, DEBUG, INFO, WARN, ERROR
 * @param logFile {@code log_file} / {@code -log-file}; {@code ""} for stdout only
 * @param uiEnabled {@code ui_config.enabled} (or the older {@code ui}) / {@code -ui}
 * @param limits {@code limits {}} and {@code kv_max_value_size}, {@code txn_max_req_len}
 * @param domain {@code domain} / {@code -domain}, ending in a dot; default {@code consul.}
 * @param startJoin {@code start_join} / {@code -join}
 * @param retryJoin {@code retry_join} / {@code -retry-join}
 * @param retryInterval {@code retry_interval} / {@code -retry-interval}; default 30 s
 * @param retryMax {@code retry_max} / {@code -retry-max}; 0 for no limit
 * @param rejoinAfterLeave {@code rejoin_after_leave} / {@code -rejoin}
 * @param nodeMeta {@code node_meta} / {@code -node-meta key:value}
 * @param raft the Raft tuning keys ({@code raft_snapshot_threshold}, ...)
 * @param discovery services, checks and DNS: the keys of service discovery
 * @param leave {@code leave_on_terminate} and {@code skip_leave_on_interrupt}: whether a signal makes the
 *     agent leave the cluster before it stops; null means Consul's defaults for {@code server}
 * @param autopilot {@code autopilot {}}: the settings a leader stores when none are stored yet (after that
 *     the stored ones win, as in Consul); null means Consul's defaults. Create and modify indexes are 0.
 * @param watches {@code watches}: each watch as decoded from the config (type, its parameters, handler);
 *     checked and started by the agent, as Consul does, not by the loader
 * @param disableRemoteExec {@code disable_remote_exec}: whether {@code consul exec} jobs are refused; true
 *     unless configured otherwise, as in Consul since 0.8
 */
public record AgentConfig(
        String nodeName,
        String nodeId,
        String datacenter,
        String primaryDatacenter,
        String dataDir,
        boolean server,
        boolean bootstrap,
        int bootstrapExpect,
        boolean devMode,
        String bindAddr,
        List<String> clientAddrs,
        String advertiseAddr,
        Addresses addresses,
        Ports ports,
        String logLevel,
        String logFile,
        boolean uiEnabled,
        Limits limits,
        String domain,
        List<String> startJoin,
        List<String> retryJoin,
        Duration retryInterval,
        int retryMax,
        boolean rejoinAfterLeave,
        Map<String, String> nodeMeta,
        Raft raft,
        Discovery discovery,
        Leave leave,
        io.proconsul.core.operator.AutopilotConfig autopilot,
        List<Map<String, Object>> watches,
        boolean disableRemoteExec) {

    public AgentConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        nodeId = nodeId == null ? "" : nodeId;
        dataDir = dataDir == null ? "" : dataDir;
        clientAddrs = List.copyOf(clientAddrs);
        advertiseAddr = advertiseAddr == null ? "" : advertiseAddr;
        logFile = logFile == null ? "" : logFile;
        startJoin = List.copyOf(startJoin);
        retryJoin = List.copyOf(retryJoin);
        nodeMeta = Map.copyOf(nodeMeta);
        discovery = discovery == null ? Discovery.DEFAULTS : discovery;
        leave = leave == null ? Leave.defaults(server) : leave;
        autopilot = autopilot == null ? io.proconsul.core.operator.AutopilotConfig.DEFAULTS : autopilot;
        watches = watches == null ? List.of() : List.copyOf(watches);
    }

    /** Without {@code disable_remote_exec}: remote exec disabled, Consul's default. */
    public AgentConfig(String nodeName, String nodeId, String datacenter, String primaryDatacenter, String dataDir,
            boolean server, boolean bootstrap, int bootstrapExpect, boolean devMode, String bindAddr,
            List<String> clientAddrs, String advertiseAddr, Addresses addresses, Ports ports, String logLevel,
            String logFile, boolean uiEnabled, Limits limits, String domain, List<String> startJoin,
            List<String> retryJoin, Duration retryInterval, int retryMax, boolean rejoinAfterLeave,
            Map<String, String> nodeMeta, Raft raft, Discovery discovery, Leave leave,
            io.proconsul.core.operator.AutopilotConfig autopilot, List<Map<String, Object>> watches) {
        this(nodeName, nodeId, datacenter, primaryDatacenter, dataDir, server, bootstrap, bootstrapExpect, devMode,
                bindAddr, clientAddrs, advertiseAddr, addresses, ports, logLevel, logFile, uiEnabled, limits, domain,
                startJoin, retryJoin, retryInterval, retryMax, rejoinAfterLeave, nodeMeta, raft, discovery, leave,
                autopilot, watches, true);
    }

    /** Without {@code watches}. */
    public AgentConfig(String nodeName, String nodeId, String datacenter, String primaryDatacenter, String dataDir,
            boolean server, boolean bootstrap, int bootstrapExpect, boolean devMode, String bindAddr,
            List<String> clientAddrs, String advertiseAddr, Addresses addresses, Ports ports, String logLevel,
            String logFile, boolean uiEnabled, Limits limits, String domain, List<String> startJoin,
            List<String> retryJoin, Duration retryInterval, int retryMax, boolean rejoinAfterLeave,
            Map<String, String> nodeMeta, Raft raft, Discovery discovery, Leave leave,
            io.proconsul.core.operator.AutopilotConfig autopilot) {
        this(nodeName, nodeId, datacenter, primaryDatacenter, dataDir, server, bootstrap, bootstrapExpect, devMode,
                bindAddr, clientAddrs, advertiseAddr, addresses, ports, logLevel, logFile, uiEnabled, limits, domain,
                startJoin, retryJoin, retryInterval, retryMax, rejoinAfterLeave, nodeMeta, raft, discovery, leave,
                autopilot, List.of());
    }

    /** Without the leave and autopilot keys: Consul's defaults for them. */
    public AgentConfig(String nodeName, String nodeId, String datacenter, String primaryDatacenter, String dataDir,
            boolean server, boolean bootstrap, int bootstrapExpect, boolean devMode, String bindAddr,
            List<String> clientAddrs, String advertiseAddr, Addresses addresses, Ports ports, String logLevel,
            String logFile, boolean uiEnabled, Limits limits, String domain, List<String> startJoin,
            List<String> retryJoin, Duration retryInterval, int retryMax, boolean rejoinAfterLeave,
            Map<String, String> nodeMeta, Raft raft, Discovery discovery) {
        this(nodeName, nodeId, datacenter, primaryDatacenter, dataDir, server, bootstrap, bootstrapExpect, devMode,
                bindAddr, clientAddrs, advertiseAddr, addresses, ports, logLevel, logFile, uiEnabled, limits, domain,
                startJoin, retryJoin, retryInterval, retryMax, rejoinAfterLeave, nodeMeta, raft, discovery, null, null);
    }

    /** Without the service-discovery keys: {@link Discovery#DEFAULTS}. */
    public AgentConfig(String nodeName, String nodeId, String datacenter, String primaryDatacenter, String dataDir,
            boolean server, boolean bootstrap, int bootstrapExpect, boolean devMode, String bindAddr,
            List<String> clientAddrs, String advertiseAddr, Addresses addresses, Ports ports, String logLevel,
            String logFile, boolean uiEnabled, Limits limits, String domain, List<String> startJoin,
            List<String> retryJoin, Duration retryInterval, int retryMax, boolean rejoinAfterLeave,
            Map<String, String> nodeMeta, Raft raft) {
        this(nodeName, nodeId, datacenter, primaryDatacenter, dataDir, server, bootstrap, bootstrapExpect, devMode,
                bindAddr, clientAddrs, advertiseAddr, addresses, ports, logLevel, logFile, uiEnabled, limits, domain,
                startJoin, retryJoin, retryInterval, retryMax, rejoinAfterLeave, nodeMeta, raft, Discovery.DEFAULTS,
                null, null);
    }

    /** The address other agents reach this one at: {@code advertise_addr}, else {@code bind_addr}. */
    public String effectiveAdvertiseAddr() {
        return advertiseAddr.isEmpty() ? bindAddr : advertiseAddr;
    }

    /** Where the HTTP API listens: {@code addresses.http}, else {@code client_addr}. */
    public List<String> httpAddrs() {
        return addresses.http().isEmpty() ? clientAddrs : addresses.http();
    }

    /** Where DNS listens: {@code addresses.dns}, else {@code client_addr}. */
    public List<String> dnsAddrs() {
        return addresses.dns().isEmpty() ? clientAddrs : addresses.dns();
    }

    /** A copy with the node ID resolved (loaded from or written to the data dir). */
    public AgentConfig withNodeId(String id) {
        return new AgentConfig(nodeName, id, datacenter, primaryDatacenter, dataDir, server, bootstrap,
                bootstrapExpect, devMode, bindAddr, clientAddrs, advertiseAddr, addresses, ports, logLevel, logFile,
                uiEnabled, limits, domain, startJoin, retryJoin, retryInterval, retryMax, rejoinAfterLeave, nodeMeta,
                raft, discovery, leave, autopilot, watches, disableRemoteExec);
    }

    /** A copy with {@code disable_remote_exec} set to {@code disabled}. */
    public AgentConfig withDisableRemoteExec(boolean disabled) {
        return new AgentConfig(nodeName, nodeId, datacenter, primaryDatacenter, dataDir, server, bootstrap,
                bootstrapExpect, devMode, bindAddr, clientAddrs, advertiseAddr, addresses, ports, logLevel, logFile,
                uiEnabled, limits, domain, startJoin, retryJoin, retryInterval, retryMax, rejoinAfterLeave, nodeMeta,
                raft, discovery, leave, autopilot, watches, disabled);
    }

    /** A copy with another data dir: {@code -dev} points it at a temporary directory. */
    public AgentConfig withDataDir(String dir) {
        return new AgentConfig(nodeName, nodeId, datacenter, primaryDatacenter, dir, server, bootstrap,
                bootstrapExpect, devMode, bindAddr, clientAddrs, advertiseAddr, addresses, ports, logLevel, logFile,
                uiEnabled, limits, domain, startJoin, retryJoin, retryInterval, retryMax, rejoinAfterLeave, nodeMeta,
                raft, discovery, leave, autopilot, watches, disableRemoteExec);
    }

    /**
     * Consul's {@code ports {}}. A port of -1 disables that listener (Consul's convention for https and
     * grpc, which are off by default).
     *
     * @param clientRpc ours, {@code ports.client_rpc}: the servers' listener for client agents' requests
     *     (docs/operations.md). {@link #CLIENT_RPC_DEFAULT} when not configured: the server port + 3 (8303),
     *     or a free port if that one is taken; 0 a free port; -1 no listener (no client agent can use the
     *     server); above 0 exactly that port, or the start fails
     */
    public record Ports(int dns, int http, int https, int grpc, int serfLan, int serfWan, int server, int clientRpc) {
        /** {@code clientRpc} not configured: {@link #clientRpcPort()} derives it from the server port. */
        public static final int CLIENT_RPC_DEFAULT = -2;
        /** The client RPC default's distance from the server port (8300 + 3 = 8303). */
        public static final int CLIENT_RPC_OFFSET = 3;
        public static final Ports DEFAULTS = new Ports(8600, 8500, -1, -1, 8301, 8302, 8300);

        /** Without {@code client_rpc}: the default (the server port + 3). */
        public Ports(int dns, int http, int https, int grpc, int serfLan, int serfWan, int server) {
            this(dns, http, https, grpc, serfLan, serfWan, server, CLIENT_RPC_DEFAULT);
        }

        /**
         * The client RPC port to bind: the configured one, or, for {@link #CLIENT_RPC_DEFAULT}, {@code
         * serverPort + 3} ({@code serverPort} is the server port actually bound, a free one for a configured 0).
         */
        public int clientRpcPort(int serverPort) {
            return clientRpc == CLIENT_RPC_DEFAULT ? serverPort + CLIENT_RPC_OFFSET : clientRpc;
        }

        /** Whether {@code client_rpc} was configured (a port that cannot be bound then fails the start). */
        public boolean clientRpcExplicit() {
            return clientRpc != CLIENT_RPC_DEFAULT;
        }
    }

    /** Consul's {@code addresses {}}: per-interface listen addresses; empty lists mean {@code client_addr}. */
    public record Addresses(List<String> http, List<String> dns) {
        public static final Addresses NONE = new Addresses(List.of(), List.of());

        public Addresses {
            http = List.copyOf(http);
            dns = List.copyOf(dns);
        }
    }

    /**
     * Consul's {@code limits {}} plus the top-level size keys.
     *
     * @param kvMaxValueSize {@code limits.kv_max_value_size} (also accepted top-level); default 512 KiB
     * @param txnMaxReqLen {@code limits.txn_max_req_len}; default 512 KiB
     * @param httpMaxConnsPerClient {@code limits.http_max_conns_per_client}; default 200
     * @param sessionTtlMin {@code session_ttl_min} (top-level in Consul): the shortest session TTL accepted;
     *     default 10 s
     */
    public record Limits(long kvMaxValueSize, long txnMaxReqLen, int httpMaxConnsPerClient, Duration sessionTtlMin) {
        public static final long DEFAULT_KV_MAX_VALUE_SIZE = 512 * 1024;
        public static final Duration DEFAULT_SESSION_TTL_MIN = Duration.ofSeconds(10);
        public static final Limits DEFAULTS = new Limits(DEFAULT_KV_MAX_VALUE_SIZE, 512 * 1024, 200);

        public Limits {
            Objects.requireNonNull(sessionTtlMin, "sessionTtlMin");
        }

        /** With Consul's default {@code session_ttl_min}. */
        public Limits(long kvMaxValueSize, long txnMaxReqLen, int httpMaxConnsPerClient) {
            this(kvMaxValueSize, txnMaxReqLen, httpMaxConnsPerClient, DEFAULT_SESSION_TTL_MIN);
        }
    }

    /**
     * Raft tuning.
     *
     * @param snapshotThreshold {@code raft_snapshot_threshold}: log entries between snapshots; default 16384
     * @param snapshotInterval {@code raft_snapshot_interval}; default 30 s (Consul checks at this interval)
     * @param trailingLogs {@code raft_trailing_logs}: entries kept after a snapshot; default 10240
     * @param raftMultiplier {@code performance.raft_multiplier}: scales election timing; default 5 as Consul,
     *     1 in {@code -dev}
     */
    public record Raft(long snapshotThreshold, Duration snapshotInterval, long trailingLogs, int raftMultiplier) {
        public static final Raft DEFAULTS = new Raft(16384, Duration.ofSeconds(30), 10240, 5);
    }

    /**
     * What the agent does on a signal (Consul's {@code handleSignals}): SIGINT leaves the cluster gracefully
     * unless {@code skipLeaveOnInterrupt}; SIGTERM leaves only with {@code leaveOnTerminate}. Without a
     * graceful leave the agent just stops, and the others see it fail; a server that stops this way rejoins
     * as the same Raft peer.
     *
     * @param leaveOnTerminate {@code leave_on_terminate}; default false on servers, true on clients
     * @param skipLeaveOnInterrupt {@code skip_leave_on_interrupt}; default true on servers, false on clients
     */
    public record Leave(boolean leaveOnTerminate, boolean skipLeaveOnInterrupt) {

        /** Consul's defaults ({@code builder.go}): servers stay members on a signal, clients leave. */
        public static Leave defaults(boolean server) {
            return new Leave(!server, server);
        }

        /** Whether the signal named as Go names it ({@code interrupt}, {@code terminated}) means a graceful leave. */
        public boolean leaveOn(String signal) {
            return switch (signal) {
                case "interrupt" -> !skipLeaveOnInterrupt;
                case "terminated" -> leaveOnTerminate;
                default -> false;
            };
        }
    }

    /**
     * The service-discovery keys.
     *
     * @param services {@code service {}} / {@code services []} of the config files
     * @param checks top-level {@code check {}} / {@code checks []}
     * @param enableScriptChecks {@code enable_script_checks} / {@code -enable-script-checks}: script checks
     *     from any source, the API included
     * @param enableLocalScriptChecks {@code enable_local_script_checks} / {@code -enable-local-script-checks}:
     *     script checks from config files only
     * @param checkOutputMaxSize {@code check_output_max_size}: bytes of check output kept; default 4096
     * @param dns {@code dns_config {}}
     * @param recursors {@code recursors} / {@code -recursor}: upstream DNS servers for other domains, in order
     * @param altDomain {@code alt_domain} / {@code -alt-domain}, ending in a dot; {@code ""} when unset
     */
    public record Discovery(
            List<io.proconsul.core.local.ServiceDefinition> services,
            List<io.proconsul.core.local.CheckDefinition> checks,
            boolean enableScriptChecks,
            boolean enableLocalScriptChecks,
            int checkOutputMaxSize,
            Dns dns,
            List<String> recursors,
            String altDomain) {

        public static final Discovery DEFAULTS =
                new Discovery(List.of(), List.of(), false, false, 4096, Dns.DEFAULTS, List.of(), "");

        public Discovery {
            services = List.copyOf(services);
            checks = List.copyOf(checks);
            recursors = List.copyOf(recursors);
            altDomain = altDomain == null ? "" : altDomain;
        }
    }

    /**
     * Consul's {@code dns_config {}}.
     *
     * @param allowStale {@code allow_stale}; default true: any server answers from its replica
     * @param maxStale {@code max_stale}; default 87600h: how far behind a stale answer may be
     * @param nodeTtl {@code node_ttl}; default 0
     * @param serviceTtl {@code service_ttl}: per service name, {@code "*"} for any; empty for 0
     * @param onlyPassing {@code only_passing}: leave out warning instances too
     * @param enableTruncate {@code enable_truncate}: set TC when a UDP answer was cut
     * @param udpAnswerLimit {@code udp_answer_limit}; default 3
     * @param aRecordLimit {@code a_record_limit}; default 0, no limit
     * @param recursorTimeout {@code recursor_timeout}; default 2 s
     * @param disableCompression {@code disable_compression}
     * @param enableAdditionalNodeMetaTxt {@code enable_additional_node_meta_txt}; default true
     * @param soaMinTtl {@code soa.min_ttl}; default 0 (the negative-answer TTL)
     */
    public record Dns(
            boolean allowStale,
            Duration maxStale,
            Duration nodeTtl,
            Map<String, Duration> serviceTtl,
            boolean onlyPassing,
            boolean enableTruncate,
            int udpAnswerLimit,
            int aRecordLimit,
            Duration recursorTimeout,
            boolean disableCompression,
            boolean enableAdditionalNodeMetaTxt,
            long soaMinTtl) {

        public static final Dns DEFAULTS = new Dns(true, Duration.ofHours(87600), Duration.ZERO, Map.of(), false,
                false, 3, 0, Duration.ofSeconds(2), false, true, 0);

        public Dns {
            serviceTtl = Map.copyOf(serviceTtl);
        }
    }
}
