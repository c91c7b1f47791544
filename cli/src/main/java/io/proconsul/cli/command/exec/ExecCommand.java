package io.proconsul.cli.command.exec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.client.SessionClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.event.EventFilters;
import io.proconsul.cli.command.HttpOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul exec [options] [-|command...]} (Consul's {@code command/exec}): creates a session (behavior
 * delete, TTL 15 s, renewed every 5 s), stores the job at {@code <prefix>/<session>/job} locked by it, waits
 * {@code -wait-repl}, fires the {@code _rexec} event with the filters, then prints what the nodes report (see
 * {@link ExecMonitor}). Cleans up by destroying the session (which deletes the nodes' keys) and the job's tree.
 * Exit code: 0 when every acknowledged node finished with 0, 2 when one did not, 1 on any error.
 */
@Command(
        name = "exec",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul exec [options] [-|command...]",
        description = {"Executes a command on Consul nodes", "",
            "  Evaluates a command on remote Consul nodes. The nodes responding can",
            "  be filtered using regular expressions on node name, service, and tag",
            "  definitions. If a command is '-', stdin will be read until EOF",
            "  and used as a script input.", ""})
public final class ExecCommand extends AgentApiCommand {

    static final String TTL = "15s";
    static final Duration RENEW_INTERVAL = Duration.ofSeconds(5);

    @Mixin
    EventFilters filters;

    @Option(names = {"-prefix", "--prefix"}, paramLabel = "<string>",
            description = "Prefix in the KV store to use for request data. The default value is \"_rexec\".")
    String prefix = "_rexec";

    @Option(names = {"-shell", "--shell"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Use a shell to run the command. The default value is true.")
    boolean shell = true;

    @Option(names = {"-wait", "--wait"}, paramLabel = "<duration>",
            converter = HttpOptions.GoDurationConverter.class,
            description = "Period to wait with no responses before terminating execution. The default value is 2s.")
    Duration wait = Duration.ofSeconds(2);

    @Option(names = {"-wait-repl", "--wait-repl"}, paramLabel = "<duration>",
            converter = HttpOptions.GoDurationConverter.class,
            description = "Period to wait for replication before firing event. This is an optimization to allow "
                    + "stale reads to be performed. The default value is 200ms.")
    Duration waitRepl = Duration.ofMillis(200);

    @Option(names = {"-verbose", "--verbose"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Enables verbose output.")
    boolean verbose;

    @Parameters(paramLabel = "command", arity = "0..*", description = "The command, or - to read a script from stdin.")
    List<String> args = List.of();

    @Override
    public Integer call() {
        ObjectNode spec = spec();
        if (spec == null || !filters.valid(this::error)) {
            return 1;
        }
        Optional<ConsulHttpClient> client = connectToAgent();
        if (client.isEmpty()) {
            return 1;
        }
        return run(client.get(), spec);
    }

    /** The job as Consul's {@code rExecSpec} JSON, or null after printing why there is none. */
    private ObjectNode spec() {
        String cmd = String.join(" ", args);
        byte[] script = null;
        List<String> argv = List.of();
        if (cmd.equals("-")) {
            if (!shell) {
                error("Cannot configure -shell=false when reading from stdin");
                return null;
            }
            cmd = "";
            try {
                script = System.in.readAllBytes();
            } catch (IOException e) {
                error("Failed to read stdin: " + e.getMessage());
                error("");
                error(usage());
                return null;
            }
        } else if (!shell) {
            cmd = "";
            argv = args;
        }
        if (cmd.isEmpty() && (script == null || script.length == 0) && argv.isEmpty()) {
            error("Must specify a command to execute");
            error("");
            error(usage());
            return null;
        }
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        if (!cmd.isEmpty()) {
            spec.put("Command", cmd);
        }
        if (!argv.isEmpty()) {
            argv.forEach(spec.putArray("Args")::add);
        }
        if (script != null && script.length > 0) {
            spec.put("Script", script);
        }
        spec.put("Wait", wait.toNanos());
        return spec;
    }

    private int run(ConsulHttpClient client, ObjectNode spec) {
        SessionClient sessions = new SessionClient(client);
        String session;
        try {
            ObjectNode entry = sessions.entry().put("Name", "Remote Exec").put("Behavior", "delete").put("TTL", TTL);
            session = sessions.create(entry);
        } catch (ConsulApiException e) {
            error("Failed to create session: " + e.getMessage());
            return 1;
        }
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "exec-session-renew");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(() -> renew(sessions, session, renewer), RENEW_INTERVAL.toMillis(),
                RENEW_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        String dir = join(prefix, session);
        try {
            if (verbose) {
                output("Created remote execution session: " + session);
            }
            return upload(client, spec, session, dir);
        } finally {
            renewer.shutdownNow();
            try {
                sessions.destroy(session);
                new KvClient(client).deleteTree(dir);
            } catch (ConsulApiException e) {
                error("Failed to clean up: " + e.getMessage());
            }
        }
    }

    private void renew(SessionClient sessions, String session, ScheduledExecutorService renewer) {
        try {
            sessions.renew(session);
        } catch (ConsulApiException e) {
            error("Session renew failed: " + e.getMessage());
            renewer.shutdown();
        }
    }

    private int upload(ConsulHttpClient client, ObjectNode spec, String session, String dir) {
        String key = dir + "/job";
        try {
            byte[] body = client.json().writeValueAsBytes(spec);
            if (!new KvClient(client).acquire(key, body, 0, session)) {
                error("Failed to create job file: failed to acquire key " + key);
                return 1;
            }
        } catch (ConsulApiException | IOException e) {
            error("Failed to create job file: " + e.getMessage());
            return 1;
        }
        if (verbose) {
            output("Uploaded remote execution spec");
        }
        try {
            // Lets the job replicate to every server, so the agents' stale reads find it (Consul's heuristic).
            Thread.sleep(waitRepl.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        String id;
        try {
            id = fire(client, session);
        } catch (ConsulApiException | IOException e) {
            error("Failed to fire event: " + e.getMessage());
            return 1;
        }
        if (verbose) {
            output("Fired remote execution event: " + id);
        }
        return new ExecMonitor(client, dir + "/", wait, verbose, this::output, this::error).run();
    }

    private String fire(ConsulHttpClient client, String session) throws ConsulApiException, IOException {
        byte[] payload = client.json().writeValueAsBytes(
                client.json().createObjectNode().put("Prefix", prefix).put("Session", session));
        ConsulHttpClient.Response r = client.put("/v1/event/fire/_rexec", filters.params(), payload);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
        return client.json().readTree(r.body()).path("ID").asText();
    }

    /** Go's {@code path.Join} of the prefix and the session. */
    static String join(String a, String b) {
        String s = (a + "/" + b).replaceAll("/+", "/");
        s = s.startsWith("/") ? s.substring(1) : s;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
