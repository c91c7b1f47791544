package io.proconsul.cli.command.kv;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.command.HttpOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What every {@code kv} subcommand shares: Consul's HTTP flags, help flags, the positional arguments, the
 * output, and Consul's handling of a failed client set-up ("Error connecting to Consul agent: ...").
 *
 * <p>As with Go's {@code flag} package, options end at the first positional argument ({@link
 * KvCommand.StopAtPositional}), so {@code kv put key -flags=1} stores the text {@code -flags=1}. Subclasses
 * validate arguments in Consul's order and return Consul's exit codes: 0 on success, 1 on any error.
 */
abstract class KvSubcommand implements Callable<Integer> {

    /** A hint printed after connection failures, so the user knows what to check. */
    static final String CONNECT_HINT =
            "Is the agent running? Point -http-addr or CONSUL_HTTP_ADDR at its HTTP address (default "
                    + "127.0.0.1:8500).";

    @Spec
    CommandSpec spec;

    @Mixin
    HttpOptions http;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "ARG", arity = "0..*", hidden = true)
    List<String> args = List.of();

    final KvOutput ui = new KvOutput();

    /**
     * The HTTP API client, or empty after printing Consul's "Error connecting to Consul agent" message.
     */
    final Optional<KvClient> connect() {
        try {
            return Optional.of(new KvClient(http.client()));
        } catch (ConsulApiException e) {
            ui.error("Error connecting to Consul agent: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Prints an API failure with Consul's prefix, plus a hint when the agent could not be reached. */
    final int fail(String prefix, ConsulApiException e) {
        ui.error(prefix + e.getMessage());
        if (e.isConnectFailure()) {
            ui.error(CONNECT_HINT);
        }
        return 1;
    }

    /** Consul strips one leading slash from keys and prefixes: users type "/foo", keys never start with "/". */
    static String stripSlash(String key) {
        return key.startsWith("/") ? key.substring(1) : key;
    }

    /** The single optional KEY argument, or null after printing Consul's "Too many arguments" error. */
    final String optionalKey() {
        if (args.size() > 1) {
            ui.error("Too many arguments (expected 1, got " + args.size() + ")");
            return null;
        }
        return args.isEmpty() ? "" : stripSlash(args.get(0));
    }
}
