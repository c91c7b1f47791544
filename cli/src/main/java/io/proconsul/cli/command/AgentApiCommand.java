package io.proconsul.cli.command;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command that talks to a running agent shares (members, join, leave, force-leave, info,
 * operator ...): Consul's HTTP flags ({@link HttpOptions}, with the deprecated {@code -rpc-addr}), the help
 * flags, and Consul's {@code cli.BasicUi}: data lines to stdout, messages to stderr, each followed by a
 * newline, in UTF-8. Connection failures get a hint saying what to check.
 *
 * <p>Uses {@code System.out}/{@code System.err} as they are when the command runs (tests redirect them).
 * Subclasses return Consul's exit codes from {@link #call()}.
 */
public abstract class AgentApiCommand implements Callable<Integer> {

    /** Printed after a connection failure, so the user knows what to check. */
    public static final String CONNECT_HINT =
            "Is the agent running? Point -http-addr or CONSUL_HTTP_ADDR at its HTTP address (default "
                    + "127.0.0.1:8500).";

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected HttpOptions http;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** One line on stdout. */
    protected final void output(String line) {
        write(System.out, line);
    }

    /** One line on stderr. */
    protected final void error(String line) {
        write(System.err, line);
    }

    private static void write(PrintStream stream, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, bytes.length);
        stream.flush();
    }

    /**
     * The API client, or empty after printing {@code prefix} and the reason: Consul's agent commands say
     * "Error connecting to Consul agent: ", its operator commands "Error initializing client: ".
     */
    protected final Optional<ConsulHttpClient> connect(String prefix) {
        try {
            return Optional.of(http.client());
        } catch (ConsulApiException e) {
            error(prefix + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The API client after the agent has answered {@code GET /v1/agent/self}, as Consul's {@code event} and
     * {@code exec} check first; or empty after printing "Error connecting to Consul agent: " or "Error querying
     * Consul agent: " and the reason (with {@link #CONNECT_HINT} when the agent could not be reached).
     */
    protected final Optional<ConsulHttpClient> connectToAgent() {
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isPresent()) {
            try {
                client.get().getJson("/v1/agent/self", Map.of(), new TypeReference<JsonNode>() {});
            } catch (ConsulApiException e) {
                fail("Error querying Consul agent: ", e);
                return Optional.empty();
            }
        }
        return client;
    }

    /** Prints an API failure after Consul's prefix, plus the hint when the agent could not be reached; 1. */
    protected final int fail(String prefix, ConsulApiException e) {
        error(prefix + e.getMessage());
        if (e.isConnectFailure()) {
            error(CONNECT_HINT);
        }
        return 1;
    }

    /** The command's usage text, for the errors after which Consul prints its help. */
    protected final String usage() {
        return spec.commandLine().getUsageMessage().stripTrailing();
    }

    /**
     * Go's {@code flag} package stops at the first non-flag argument: {@code consul join a -wan} joins the
     * addresses "a" and "-wan". Consul's commands depend on it, so ours do too.
     */
    public static final class GoFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }
}
