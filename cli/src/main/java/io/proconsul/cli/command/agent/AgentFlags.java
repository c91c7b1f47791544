package io.proconsul.cli.command.agent;

import io.proconsul.core.config.ConfigException;
import io.proconsul.core.config.ConfigLoader;
import io.proconsul.core.config.FlagSource;
import io.proconsul.core.config.LoadedConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Consul's {@code consul agent} flags as a picocli mixin ({@code @Mixin AgentFlags flags;}), spelled with
 * one dash as Consul writes them ({@code -bootstrap-expect=3}, {@code -server}); the two-dash spelling is
 * accepted too, as Go's flag package does. A flag that is not given sets nothing, so config files keep
 * their values; boolean flags take an optional value ({@code -server=false}).
 *
 * <p>{@link #load()} runs {@link ConfigLoader} with these flags: defaults, {@code -dev} defaults, the
 * {@code -config-file}/{@code -config-dir} paths in the order they appear, then the flags.
 */
public final class AgentFlags {

    @Option(names = {"-dev", "--dev"}, arity = "0..1", fallbackValue = "true",
            description = "Starts the agent in development mode.")
    Boolean dev;

    @Option(names = {"-server", "--server"}, arity = "0..1", fallbackValue = "true",
            description = "Switches agent to server mode.")
    Boolean server;

    @Option(names = {"-bootstrap", "--bootstrap"}, arity = "0..1", fallbackValue = "true",
            description = "Sets server to bootstrap mode.")
    Boolean bootstrap;

    @Option(names = {"-bootstrap-expect", "--bootstrap-expect"}, paramLabel = "<int>",
            description = "Sets server to expect bootstrap mode.")
    Integer bootstrapExpect;

    @Option(names = {"-data-dir", "--data-dir"}, paramLabel = "<path>",
            description = "Path to a data directory to store agent state.")
    String dataDir;

    @Option(names = {"-bind", "--bind"}, paramLabel = "<address>",
            description = "Sets the bind address for cluster communication.")
    String bind;

    @Option(names = {"-client", "--client"}, paramLabel = "<address>",
            description = "Sets the address to bind for client access. This includes RPC, DNS, HTTP, HTTPS and gRPC "
                    + "(if configured).")
    String client;

    @Option(names = {"-advertise", "--advertise"}, paramLabel = "<address>",
            description = "Sets the advertise address to use.")
    String advertise;

    @Option(names = {"-node", "--node"}, paramLabel = "<name>",
            description = "Name of this node. Must be unique in the cluster.")
    String node;

    @Option(names = {"-node-id", "--node-id"}, paramLabel = "<uuid>",
            description = "A unique ID for this node across space and time. Defaults to a randomly-generated ID "
                    + "that persists in the data-dir.")
    String nodeId;

    @Option(names = {"-datacenter", "--datacenter"}, paramLabel = "<name>", description = "Datacenter of the agent.")
    String datacenter;

    @Option(names = {"-dc", "--dc"}, paramLabel = "<name>", hidden = true,
            description = "Datacenter of the agent (deprecated: use -datacenter instead).")
    String deprecatedDc;

    @Option(names = {"-config-file", "--config-file"}, paramLabel = "<path>",
            parameterConsumer = InOrder.class,
            description = "Path to a file in JSON or HCL format with a matching file extension. Can be specified "
                    + "multiple times.")
    void configFile(String path) {
        configPaths.add(path);
    }

    @Option(names = {"-config-dir", "--config-dir"}, paramLabel = "<path>",
            parameterConsumer = InOrder.class,
            description = "Path to a directory to read configuration files from. This will read every file ending "
                    + "in '.json' as configuration in this directory in alphabetical order. Can be specified "
                    + "multiple times.")
    void configDir(String path) {
        configPaths.add(path);
    }

    @Option(names = {"-config-format", "--config-format"}, paramLabel = "<format>",
            description = "Config files are in this format irrespective of their extension. Must be 'hcl' or "
                    + "'json'")
    String configFormat;

    @Option(names = {"-http-port", "--http-port"}, paramLabel = "<port>",
            description = "Sets the HTTP API port to listen on.")
    Integer httpPort;

    @Option(names = {"-https-port", "--https-port"}, paramLabel = "<port>",
            description = "Sets the HTTPS API port to listen on.")
    Integer httpsPort;

    @Option(names = {"-dns-port", "--dns-port"}, paramLabel = "<port>", description = "DNS port to use.")
    Integer dnsPort;

    @Option(names = {"-server-port", "--server-port"}, paramLabel = "<port>",
            description = "Sets the server port to listen on.")
    Integer serverPort;

    @Option(names = {"-client-rpc-port", "--client-rpc-port"}, paramLabel = "<port>",
            description = "Ours: the port servers take client agents' requests on (default: server port + 3, "
                    + "0 a free port, -1 none).")
    Integer clientRpcPort;

    @Option(names = {"-serf-lan-port", "--serf-lan-port"}, paramLabel = "<port>",
            description = "Sets the Serf LAN port to listen on.")
    Integer serfLanPort;

    @Option(names = {"-serf-wan-port", "--serf-wan-port"}, paramLabel = "<port>",
            description = "Sets the Serf WAN port to listen on.")
    Integer serfWanPort;

    @Option(names = {"-grpc-port", "--grpc-port"}, paramLabel = "<port>",
            description = "Sets the gRPC API port to listen on.")
    Integer grpcPort;

    @Option(names = {"-log-level", "--log-level"}, paramLabel = "<level>", description = "Log level of the agent.")
    String logLevel;

    @Option(names = {"-log-file", "--log-file"}, paramLabel = "<path>",
            description = "Path to the file the logs get written to")
    String logFile;

    @Option(names = {"-ui", "--ui"}, arity = "0..1", fallbackValue = "true",
            description = "Enables the built-in static web UI server.")
    Boolean ui;

    @Option(names = {"-domain", "--domain"}, paramLabel = "<domain>",
            description = "Domain to use for DNS interface.")
    String domain;

    @Option(names = {"-join", "--join"}, paramLabel = "<address>",
            description = "Address of an agent to join at start time. Can be specified multiple times.")
    List<String> join = new ArrayList<>();

    @Option(names = {"-retry-join", "--retry-join"}, paramLabel = "<address>",
            description = "Address of an agent to join at start time with retries enabled. Can be specified "
                    + "multiple times.")
    List<String> retryJoin = new ArrayList<>();

    @Option(names = {"-retry-interval", "--retry-interval"}, paramLabel = "<duration>",
            description = "Time to wait between join attempts.")
    String retryInterval;

    @Option(names = {"-retry-max", "--retry-max"}, paramLabel = "<int>",
            description = "Maximum number of join attempts. Defaults to 0, which will retry indefinitely.")
    Integer retryMax;

    @Option(names = {"-rejoin", "--rejoin"}, arity = "0..1", fallbackValue = "true",
            description = "Ignores a previous leave and attempts to rejoin the cluster.")
    Boolean rejoin;

    @Option(names = {"-node-meta", "--node-meta"}, paramLabel = "<key:value>",
            description = "An arbitrary metadata key/value pair for this node, of the format `key:value`. Can be "
                    + "specified multiple times.")
    List<String> nodeMeta = new ArrayList<>();

    @Option(names = {"-alt-domain", "--alt-domain"}, paramLabel = "<domain>",
            description = "Alternate domain to use for DNS interface.")
    String altDomain;

    @Option(names = {"-recursor", "--recursor"}, paramLabel = "<address>",
            description = "Address of an upstream DNS server. Can be specified multiple times.")
    List<String> recursors = new ArrayList<>();

    @Option(names = {"-enable-script-checks", "--enable-script-checks"}, arity = "0..1", fallbackValue = "true",
            description = "Enables health check scripts.")
    Boolean enableScriptChecks;

    @Option(names = {"-enable-local-script-checks", "--enable-local-script-checks"}, arity = "0..1",
            fallbackValue = "true", description = "Enables health check scripts from configuration file.")
    Boolean enableLocalScriptChecks;

    @Option(names = {"-check_output_max_size", "--check_output_max_size"}, paramLabel = "<int>",
            description = "Sets the maximum output size for checks on this agent")
    Integer checkOutputMaxSize;

    @Option(names = {"-hcl", "--hcl"}, paramLabel = "<hcl>",
            description = "hcl config fragment. Can be specified multiple times.")
    List<String> hcl = new ArrayList<>();

    @Mixin
    Ignored ignored = new Ignored();

    private final List<String> configPaths = new ArrayList<>();

    /** Whether {@code -dev} was given (and not as {@code -dev=false}). */
    public boolean devMode() {
        return Boolean.TRUE.equals(dev);
    }

    /** The {@code -config-file} and {@code -config-dir} paths, in command-line order. */
    public List<String> configPaths() {
        return List.copyOf(configPaths);
    }

    /** Loads the agent's configuration from defaults, files and these flags. */
    public LoadedConfig load() throws ConfigException {
        return new ConfigLoader().devMode(devMode()).configPaths(configPaths).configFormat(configFormat)
                .flags(flagSource()).load();
    }

    /** The flags as a config source: each given flag under the config key it sets. */
    public FlagSource flagSource() {
        FlagSource f = new FlagSource()
                .set("server", server).set("bootstrap", bootstrap).set("bootstrap_expect", bootstrapExpect)
                .set("data_dir", dataDir).set("bind_addr", bind).set("client_addr", client)
                .set("advertise_addr", advertise).set("node_name", node).set("node_id", nodeId)
                .set("datacenter", datacenter)
                .set("ports.http", httpPort).set("ports.https", httpsPort).set("ports.dns", dnsPort)
                .set("ports.server", serverPort).set("ports.serf_lan", serfLanPort).set("ports.serf_wan", serfWanPort)
                .set("ports.grpc", grpcPort).set("ports.client_rpc", clientRpcPort)
                .set("log_level", logLevel).set("log_file", logFile).set("ui_config.enabled", ui)
                .set("domain", domain).set("retry_interval", retryInterval).set("retry_max", retryMax)
                .set("rejoin_after_leave", rejoin).set("alt_domain", altDomain)
                .set("enable_script_checks", enableScriptChecks)
                .set("enable_local_script_checks", enableLocalScriptChecks)
                .set("check_output_max_size", checkOutputMaxSize);
        if (deprecatedDc != null && !deprecatedDc.isEmpty() && (datacenter == null || datacenter.isEmpty())) {
            f.warn("'-dc' is deprecated. Use '-datacenter' instead");
            f.set("datacenter", deprecatedDc);
        }
        join.forEach(a -> f.add("start_join", a));
        retryJoin.forEach(a -> f.add("retry_join", a));
        recursors.forEach(a -> f.add("recursors", a));
        nodeMetaPairs().forEach((k, v) -> f.put("node_meta", k, v));
        hcl.forEach(f::hcl);
        ignored.warnings().forEach(f::warn);
        return f;
    }

    /** Consul splits {@code -node-meta} at the first colon; without one the value is empty. */
    private Map<String, String> nodeMetaPairs() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : nodeMeta) {
            int colon = pair.indexOf(':');
            out.put(colon < 0 ? pair : pair.substring(0, colon), colon < 0 ? "" : pair.substring(colon + 1));
        }
        return out;
    }

    /**
     * Hands each {@code -config-file}/{@code -config-dir} value to its setter as it is met, so both append
     * to one list in command-line order, as Consul's two flags append to one slice.
     */
    static final class InOrder implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            if (args.isEmpty()) {
                String name = argSpec instanceof OptionSpec o ? o.longestName() : argSpec.paramLabel();
                throw new ParameterException(commandSpec.commandLine(),
                        "Missing required parameter for option '" + name + "' (" + argSpec.paramLabel() + ")");
            }
            argSpec.setValue(args.pop());
        }
    }

    /**
     * Consul agent flags Proconsul does not act on yet. They are accepted, so that an operator's unit file
     * keeps working, and each one given produces a warning naming it.
     */
    @Command
    static final class Ignored {
        @Spec
        CommandSpec spec;

        @Option(names = {"-advertise-wan", "--advertise-wan"}, hidden = true) List<String> advertiseWan;
        @Option(names = {"-allow-write-http-from", "--allow-write-http-from"}, hidden = true)
        List<String> allowWriteHttpFrom;
        @Option(names = {"-default-query-time", "--default-query-time"}, hidden = true) List<String> defaultQueryTime;
        @Option(names = {"-encrypt", "--encrypt"}, hidden = true) List<String> encrypt;
        @Option(names = {"-grpc-tls-port", "--grpc-tls-port"}, hidden = true) List<String> grpcTlsPort;
        @Option(names = {"-join-wan", "--join-wan"}, hidden = true) List<String> joinWan;
        @Option(names = {"-log-rotate-bytes", "--log-rotate-bytes"}, hidden = true) List<String> logRotateBytes;
        @Option(names = {"-log-rotate-duration", "--log-rotate-duration"}, hidden = true)
        List<String> logRotateDuration;
        @Option(names = {"-log-rotate-max-files", "--log-rotate-max-files"}, hidden = true)
        List<String> logRotateMaxFiles;
        @Option(names = {"-max-query-time", "--max-query-time"}, hidden = true) List<String> maxQueryTime;
        @Option(names = {"-pid-file", "--pid-file"}, hidden = true) List<String> pidFile;
        @Option(names = {"-protocol", "--protocol"}, hidden = true) List<String> protocol;
        @Option(names = {"-raft-protocol", "--raft-protocol"}, hidden = true) List<String> raftProtocol;
        @Option(names = {"-primary-gateway", "--primary-gateway"}, hidden = true) List<String> primaryGateway;
        @Option(names = {"-retry-interval-wan", "--retry-interval-wan"}, hidden = true) List<String> retryIntervalWan;
        @Option(names = {"-retry-join-wan", "--retry-join-wan"}, hidden = true) List<String> retryJoinWan;
        @Option(names = {"-retry-max-wan", "--retry-max-wan"}, hidden = true) List<String> retryMaxWan;
        @Option(names = {"-serf-lan-allowed-cidrs", "--serf-lan-allowed-cidrs"}, hidden = true)
        List<String> serfLanAllowedCidrs;
        @Option(names = {"-serf-wan-allowed-cidrs", "--serf-wan-allowed-cidrs"}, hidden = true)
        List<String> serfWanAllowedCidrs;
        @Option(names = {"-serf-lan-bind", "--serf-lan-bind"}, hidden = true) List<String> serfLanBind;
        @Option(names = {"-serf-wan-bind", "--serf-wan-bind"}, hidden = true) List<String> serfWanBind;
        @Option(names = {"-segment", "--segment"}, hidden = true) List<String> segment;
        @Option(names = {"-ui-content-path", "--ui-content-path"}, hidden = true) List<String> uiContentPath;
        @Option(names = {"-ui-dir", "--ui-dir"}, hidden = true) List<String> uiDir;
        @Option(names = {"-disable-host-node-id", "--disable-host-node-id"},
                hidden = true, arity = "0..1", fallbackValue = "true")
        Boolean disableHostNodeId;
        @Option(names = {"-disable-keyring-file", "--disable-keyring-file"},
                hidden = true, arity = "0..1", fallbackValue = "true")
        Boolean disableKeyringFile;
        @Option(names = {"-log-json", "--log-json"},
                hidden = true, arity = "0..1", fallbackValue = "true")
        Boolean logJson;
        @Option(names = {"-non-voting-server", "--non-voting-server"},
                hidden = true, arity = "0..1", fallbackValue = "true")
        Boolean nonVotingServer;
        @Option(names = {"-read-replica", "--read-replica"},
                hidden = true, arity = "0..1", fallbackValue = "true")
        Boolean readReplica;
        @Option(names = {"-auto-reload-config", "--auto-reload-config"},
                hidden = true, arity = "0..1", fallbackValue = "true")
        Boolean autoReloadConfig;
        @Option(names = {"-syslog", "--syslog"},
                hidden = true, arity = "0..1", fallbackValue = "true") Boolean syslog;

        List<String> warnings() {
            List<String> out = new ArrayList<>();
            for (OptionSpec o : spec.options()) {
                Object v = o.getValue();
                if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
                    out.add("flag " + o.shortestName() + " is not supported by Proconsul yet and is ignored");
                }
            }
            return out;
        }
    }
}
