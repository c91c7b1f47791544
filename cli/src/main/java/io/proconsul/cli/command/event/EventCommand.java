package io.proconsul.cli.command.event;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul event [options] [payload]} (Consul's {@code command/event}): fires a user event through the
 * agent ({@code PUT /v1/event/fire/<name>}) and prints "Event ID: <id>". The filters are checked as regular
 * expressions before anything is sent; the agent must answer {@code /v1/agent/self} first, as Consul checks.
 */
@Command(
        name = "event",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul event [options] [payload]",
        description = {"Fire a new event", "",
            "  Dispatches a custom user event across a datacenter. An event must provide",
            "  a name, but a payload is optional. Events support filtering using",
            "  regular expressions on node name, service, and tag definitions.", ""})
public final class EventCommand extends AgentApiCommand {

    @Option(names = {"-name", "--name"}, paramLabel = "<string>", description = "Name of the event.")
    String name = "";

    @Option(names = {"-node", "--node"}, paramLabel = "<string>",
            description = "Regular expression to filter on node names.")
    String node = "";

    @Option(names = {"-service", "--service"}, paramLabel = "<string>",
            description = "Regular expression to filter on service instances.")
    String service = "";

    @Option(names = {"-tag", "--tag"}, paramLabel = "<string>",
            description = "Regular expression to filter on service tags. Must be used with -service.")
    String tag = "";

    @Parameters(paramLabel = "payload", arity = "0..*", description = "The event's payload (optional).")
    List<String> args = List.of();

    @Override
    public Integer call() {
        if (name.isEmpty()) {
            error("Event name must be specified");
            error("");
            error(usage());
            return 1;
        }
        if (!compiles(node, "node") || !compiles(service, "service") || !compiles(tag, "tag")) {
            return 1;
        }
        if (!tag.isEmpty() && service.isEmpty()) {
            error("Cannot provide tag filter without service filter.");
            return 1;
        }
        if (args.size() > 1) {
            error("Too many command line arguments.");
            error("");
            error(usage());
            return 1;
        }
        byte[] payload = args.isEmpty() ? null : args.get(0).getBytes(StandardCharsets.UTF_8);
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        try {
            client.get().getJson("/v1/agent/self", Map.of(), new TypeReference<JsonNode>() {});
        } catch (ConsulApiException e) {
            return fail("Error querying Consul agent: ", e);
        }
        try {
            output("Event ID: " + fire(client.get(), payload));
            return 0;
        } catch (ConsulApiException e) {
            return fail("Error firing event: ", e);
        }
    }

    private boolean compiles(String regex, String what) {
        if (regex.isEmpty()) {
            return true;
        }
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            error("Failed to compile " + what + " filter regexp: " + e.getDescription());
            return false;
        }
    }

    private String fire(ConsulHttpClient client, byte[] payload) throws ConsulApiException {
        Map<String, String> params = new TreeMap<>();
        if (!node.isEmpty()) {
            params.put("node", node);
        }
        if (!service.isEmpty()) {
            params.put("service", service);
        }
        if (!tag.isEmpty()) {
            params.put("tag", tag);
        }
        ConsulHttpClient.Response r = client.put("/v1/event/fire/" + name, params, payload);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
        try {
            return client.json().readTree(r.body()).path("ID").asText();
        } catch (java.io.IOException e) {
            throw new ConsulApiException("Failed to decode the agent's answer: " + e.getMessage());
        }
    }
}
