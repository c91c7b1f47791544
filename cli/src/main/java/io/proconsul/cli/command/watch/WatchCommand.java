package io.proconsul.cli.command.watch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ClientConfig;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import io.proconsul.cli.watch.GoJson;
import io.proconsul.core.GoDuration;
import io.proconsul.cli.watch.HandlerProcess;
import io.proconsul.cli.watch.WatchPlan;
import io.proconsul.cli.watch.WatchSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code consul watch -type=<type> [options] [child...]} (Consul's {@code command/watch/watch.go}): watches a
 * view of the catalog, the KV store or the event stream with blocking queries.
 *
 * <p>Without a child it prints the current result as indented JSON ({@code null} for a missing key) and
 * exits 0: the watch terminates after the first result, as Consul's does. With a child it runs the child
 * for the first result and again on every change, with the result as JSON on stdin and {@code CONSUL_INDEX}
 * set, through {@code $SHELL -c} unless {@code -shell=false}; it waits for each child, and when one fails it
 * prints "Error executing handler: ..." and exits 1. A failed query is logged on stderr and retried with
 * Consul's backoff (see {@link WatchPlan}). SIGINT or SIGTERM end the watch with exit 0, as in Consul.
 */
@Command(
        name = "watch",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul watch [options] [child...]",
        description = {"Watch for changes in Consul", "",
            "  Watches for changes in a given data view from Consul. If a child",
            "  process is specified, it will be invoked with the latest results on",
            "  changes. Otherwise, the latest values are dumped to stdout and the",
            "  watch terminates.", "",
            "  Providing the watch type is required, and other parameters may be",
            "  required or supported depending on the watch type.", ""})
public final class WatchCommand extends AgentApiCommand {

    private static final TypeReference<String> LEADER = new TypeReference<>() {};

    private static final DateTimeFormatter HCLOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");

    @Option(names = {"-type", "--type"}, paramLabel = "<string>", description = "Specifies the watch type. "
            + "One of key, keyprefix, services, nodes, service, checks, or event.")
    String type = "";

    @Option(names = {"-key", "--key"}, paramLabel = "<string>",
            description = "Specifies the key to watch. Only for 'key' type.")
    String key = "";

    @Option(names = {"-prefix", "--prefix"}, paramLabel = "<string>",
            description = "Specifies the key prefix to watch. Only for 'keyprefix' type.")
    String prefix = "";

    @Option(names = {"-service", "--service"}, paramLabel = "<string>", description = "Specifies the service to "
            + "watch. Required for 'service' type, optional for 'checks' type.")
    String service = "";

    @Option(names = {"-tag", "--tag"}, paramLabel = "<value>", description = "Specifies the service tag(s) to "
            + "filter on. Optional for 'service' type. May be specified multiple times")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-passingonly", "--passingonly"}, paramLabel = "<string>", description = "Specifies if only "
            + "hosts passing all checks are displayed. Optional for 'service' type, must be one of "
            + "`[true|false]`. Defaults false.")
    String passingOnly = "";

    @Option(names = {"-shell", "--shell"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Use a shell to run the command (can set a custom shell via the SHELL environment "
                    + "variable). Default: true.")
    boolean shell = true;

    @Option(names = {"-state", "--state"}, paramLabel = "<string>",
            description = "Specifies the states to watch. Optional for 'checks' type.")
    String state = "";

    @Option(names = {"-name", "--name"}, paramLabel = "<string>",
            description = "Specifies an event name to watch. Only for 'event' type.")
    String name = "";

    @Option(names = {"-filter", "--filter"}, paramLabel = "<string>", description = "Filter to use with the "
            + "request. Optional for 'checks', 'nodes', 'services' and 'service' type.")
    String filter = "";

    @Parameters(arity = "0..*", paramLabel = "child", description = "The handler to run on each change.")
    List<String> child = new ArrayList<>();

    /** Consul's {@code retryInterval}; tests shorten it. */
    Duration retryInterval = WatchPlan.RETRY_INTERVAL;

    private volatile int exitCode;
    private volatile WatchPlan running;

    @Override
    public Integer call() {
        if (type.isEmpty()) {
            error("Watch type must be specified");
            error("");
            error(usage());
            return 1;
        }
        Optional<ConsulHttpClient> connected = connect("");
        if (connected.isEmpty()) {
            return 1;
        }
        ConsulHttpClient client = connected.get();
        WatchSpec spec;
        try {
            spec = WatchSpec.parse(params(client));
        } catch (WatchSpec.InvalidException e) {
            error(e.getMessage());
            return 1;
        }
        if (spec.type().startsWith("connect_") || spec.type().startsWith("agent_")) {
            error("Type " + spec.type() + " is not supported in the CLI tool");
            return 1;
        }
        try {
            // Consul checks the agent answers before the loop: /v1/status/leader needs no token.
            client.getJson("/v1/status/leader", Map.of(), LEADER);
        } catch (ConsulApiException e) {
            return fail("Error querying Consul agent: ", e);
        }
        return run(spec, client);
    }

    /** The watch parameters as Consul's command compiles them, for {@link WatchSpec#parse(Map)}. */
    private Map<String, Object> params(ConsulHttpClient client) throws WatchSpec.InvalidException {
        Map<String, Object> params = new HashMap<>();
        params.put("type", type);
        ClientConfig config = http.clientConfig(System.getenv());
        putIfSet(params, "datacenter", config.datacenter());
        putIfSet(params, "token", client.token());
        putIfSet(params, "key", key);
        putIfSet(params, "prefix", prefix);
        putIfSet(params, "service", service);
        putIfSet(params, "filter", filter);
        if (!tags.isEmpty()) {
            params.put("tag", List.copyOf(tags));
        }
        if (config.stale()) {
            params.put("stale", Boolean.TRUE);
        }
        putIfSet(params, "state", state);
        putIfSet(params, "name", name);
        if (!passingOnly.isEmpty()) {
            params.put("passingonly", parseBool(passingOnly));
        }
        return params;
    }

    private int run(WatchSpec spec, ConsulHttpClient client) {
        WatchPlan[] plan = new WatchPlan[1];
        WatchPlan.Handler handler = child.isEmpty() ? (index, result) -> {
            output(GoJson.indented(result));
            plan[0].stop();
        } : (index, result) -> runChild(plan[0], index, result);
        plan[0] = new WatchPlan(spec.type(), spec.query(), client, handler, WatchCommand::logError, retryInterval);
        running = plan[0];
        // Consul's shutdownCh: SIGINT and SIGTERM stop the watch and exit 0 (the JVM's own handlers exit 130/143).
        List<SignalHandler> previous = new ArrayList<>();
        List<Signal> signals = List.of(new Signal("INT"), new Signal("TERM"));
        for (Signal s : signals) {
            previous.add(Signal.handle(s, sig -> {
                plan[0].stop();
                System.exit(0);
            }));
        }
        try {
            plan[0].run();
        } finally {
            for (int i = 0; i < signals.size(); i++) {
                Signal.handle(signals.get(i), previous.get(i));
            }
        }
        return exitCode;
    }

    /** Ends a running watch as SIGINT does (exit 0 unless a handler failed); for callers in this JVM. */
    void shutdown() {
        WatchPlan p = running;
        if (p != null) {
            p.stop();
        }
    }

    private void runChild(WatchPlan plan, long index, JsonNode result) {
        HandlerProcess process = shell ? HandlerProcess.script(String.join(" ", child), System.getenv())
                : HandlerProcess.subprocess(child);
        try {
            process.run(HandlerProcess.input(result), index, HandlerProcess.Output.INHERIT);
        } catch (HandlerProcess.HandlerException e) {
            error((e.started() ? "Error executing handler: " : "Error starting handler: ") + e.getMessage());
            exitCode = 1;
            plan.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            plan.stop();
        }
    }

    /** hclog's line for Consul's {@code Watch errored} on stderr. */
    private static void logError(String type, String error, Duration retry) {
        String line = OffsetDateTime.now().format(HCLOG_TIME) + " [ERROR] watch: Watch errored: type=" + type
                + " error=" + hclogValue(error) + " retry=" + GoDuration.format(retry) + "\n";
        PrintStream err = System.err;
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        err.write(bytes, 0, bytes.length);
        err.flush();
    }

    /** hclog quotes a value that has spaces, quotes or an equals sign. */
    private static String hclogValue(String v) {
        if (v.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) {
            return v;
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Go's {@code strconv.ParseBool}, with Consul's message for {@code -passingonly}. */
    private static Boolean parseBool(String v) throws WatchSpec.InvalidException {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> throw new WatchSpec.InvalidException("Failed to parse passingonly flag: strconv.ParseBool: "
                    + "parsing \"" + v + "\": invalid syntax");
        };
    }

    private static void putIfSet(Map<String, Object> params, String name, String value) {
        if (value != null && !value.isEmpty()) {
            params.put(name, value);
        }
    }
}
