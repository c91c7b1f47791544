package io.proconsul.cli.command;

import io.proconsul.cli.client.ClientConfig;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.core.GoDuration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Consul's global HTTP flags ({@code command/flags/http.go}) as a picocli mixin, for every command that talks
 * to an agent: the client flags ({@code -http-addr}, {@code -token}, {@code -token-file}, TLS files) and the
 * server flags ({@code -datacenter}, {@code -stale}), plus Enterprise's {@code -namespace} and {@code
 * -partition}, which are passed through. Flags are single-dash as in Consul; the double-dash spelling works
 * too. A flag given on the command line overrides its {@code CONSUL_*} environment variable.
 *
 * <p>{@code -rpc-addr} is accepted as a deprecated alias of {@code -http-addr} (older scripts used it,
 * with the old RPC port 8400, which is mapped to the HTTP port 8500) and prints a warning on stderr.
 */
public final class HttpOptions {

    private static final String OLD_RPC_PORT = ":8400";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = {"-http-addr", "--http-addr"}, paramLabel = "<address>",
            description = "The address and port of the Consul HTTP agent, such as 127.0.0.1:8500 or "
                    + "https://host:8501. Also CONSUL_HTTP_ADDR. Default: http://127.0.0.1:8500.")
    String httpAddr;

    String rpcAddr;

    @Option(names = {"-token", "--token"}, paramLabel = "<value>",
            description = "ACL token to use in the request. Also CONSUL_HTTP_TOKEN. Default: the agent's token.")
    String token;

    @Option(names = {"-token-file", "--token-file"}, paramLabel = "<value>",
            description = "File containing the ACL token; wins over -token. Also CONSUL_HTTP_TOKEN_FILE.")
    String tokenFile;

    @Option(names = {"-ca-file", "--ca-file"}, paramLabel = "<value>",
            description = "Path to a CA file for TLS to the agent. Also CONSUL_CACERT.")
    String caFile;

    @Option(names = {"-ca-path", "--ca-path"}, paramLabel = "<value>",
            description = "Path to a directory of CA certificates for TLS. Also CONSUL_CAPATH.")
    String caPath;

    @Option(names = {"-client-cert", "--client-cert"}, paramLabel = "<value>",
            description = "Client certificate file for TLS when 'verify_incoming' is on. Also CONSUL_CLIENT_CERT.")
    String clientCert;

    @Option(names = {"-client-key", "--client-key"}, paramLabel = "<value>",
            description = "Client key file (PKCS#8 PEM) for TLS. Also CONSUL_CLIENT_KEY.")
    String clientKey;

    @Option(names = {"-tls-server-name", "--tls-server-name"}, paramLabel = "<value>",
            description = "Server name for SNI when connecting via TLS. Also CONSUL_TLS_SERVER_NAME.")
    String tlsServerName;

    @Option(names = {"-datacenter", "--datacenter"}, paramLabel = "<value>",
            description = "Name of the datacenter to query. Default: the datacenter of the queried agent.")
    String datacenter;

    @Option(names = {"-stale", "--stale"}, arity = "0", preprocessor = GoBool.class,
            description = "Permit any Consul server (non-leader) to respond to reads. Default: false.")
    boolean stale;

    @Option(names = {"-namespace", "--namespace"}, paramLabel = "<value>",
            description = "Namespace to query (Consul Enterprise). Also CONSUL_NAMESPACE.")
    String namespace;

    @Option(names = {"-partition", "--partition"}, paramLabel = "<value>",
            description = "Admin partition to query (Consul Enterprise). Also CONSUL_PARTITION.")
    String partition;

    @Option(names = {"-rpc-addr", "--rpc-addr"}, hidden = true, paramLabel = "<address>",
            description = "Deprecated: use -http-addr.")
    void rpcAddr(String value) {
        rpcAddr = value;
    }

    /**
     * Go's boolean flags for picocli: {@code -recurse} alone is true and never takes the next argument as
     * its value ({@code kv get -recurse true} reads the prefix "true"); a value must be attached, {@code
     * -recurse=false}, in any spelling Go's {@code strconv.ParseBool} knows ({@code 1}, {@code t}, {@code
     * FALSE}, ...). Use with {@code arity = "0"}.
     */
    public static final class GoBool implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec option, Map<String, Object> info) {
            if (!"=".equals(info.get("separator"))) {
                option.setValue(true);
                return true;
            }
            String value = args.pop();
            Boolean parsed = switch (value) {
                case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
                case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
                default -> null;
            };
            if (parsed == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "invalid boolean value \"" + value
                        + "\" for " + ((OptionSpec) option).shortestName() + ": parse error (use true or false)");
            }
            option.setValue(parsed);
            return true;
        }
    }

    /**
     * Go's {@code flag.Duration} for picocli: a duration such as {@code 1.5s}, {@code 300ms} or {@code 2h45m}
     * (see {@link GoDuration#parse}); anything else is a conversion error with the parser's message.
     */
    public static final class GoDurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The client settings: environment first, then the flags that were given. */
    public ClientConfig clientConfig(Map<String, String> env) {
        ClientConfig c = ClientConfig.fromEnvironment(env);
        String address = httpAddr != null ? httpAddr : rpcAddrAsHttp();
        if (address != null) {
            c.address(address);
        }
        if (token != null) {
            c.token(token);
        }
        if (tokenFile != null) {
            c.tokenFile(tokenFile);
        }
        if (datacenter != null) {
            c.datacenter(datacenter);
        }
        if (namespace != null) {
            c.namespace(namespace);
        }
        if (partition != null) {
            c.partition(partition);
        }
        c.stale(stale);
        applyTls(c);
        return c;
    }

    /**
     * A client for the configured agent, built from the process environment and the flags; prints the
     * {@code -rpc-addr} deprecation warning on stderr first.
     *
     * @throws ConsulApiException when the address or token file is unusable; commands print it after
     *     "Error connecting to Consul agent: ", as Consul does
     */
    public ConsulHttpClient client() throws ConsulApiException {
        if (rpcAddr != null) {
            PrintWriter err = mixee.commandLine().getErr();
            String detail = httpAddr != null ? " (-http-addr was also given and wins)"
                    : rpcAddr.endsWith(OLD_RPC_PORT) ? " (using " + rpcAddrAsHttp() + ", the HTTP port)" : "";
            err.println("Warning: -rpc-addr is deprecated and will be removed; use -http-addr instead" + detail);
            err.flush();
        }
        return ConsulHttpClient.create(clientConfig(System.getenv()));
    }

    /**
     * Old Consul CLIs spoke RPC to port 8400; that port is gone, so the address the user meant is the same
     * host's HTTP port 8500. Any other port is taken as already being the HTTP port.
     */
    private String rpcAddrAsHttp() {
        if (rpcAddr == null || !rpcAddr.endsWith(OLD_RPC_PORT)) {
            return rpcAddr;
        }
        return rpcAddr.substring(0, rpcAddr.length() - OLD_RPC_PORT.length()) + ":8500";
    }

    private void applyTls(ClientConfig c) {
        if (caFile != null) {
            c.caFile(caFile);
        }
        if (caPath != null) {
            c.caPath(caPath);
        }
        if (clientCert != null) {
            c.clientCert(clientCert);
        }
        if (clientKey != null) {
            c.clientKey(clientKey);
        }
        if (tlsServerName != null) {
            c.tlsServerName(tlsServerName);
        }
    }
}
