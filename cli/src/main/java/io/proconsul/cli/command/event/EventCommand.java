package io.proconsul.cli.command.event;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    EventFilters filters;

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
        if (!filters.valid(this::error)) {
            return 1;
        }
        if (args.size() > 1) {
            error("Too many command line arguments.");
            error("");
            error(usage());
            return 1;
        }
        byte[] payload = args.isEmpty() ? null : args.get(0).getBytes(StandardCharsets.UTF_8);
        Optional<ConsulHttpClient> client = connectToAgent();
        if (client.isEmpty()) {
            return 1;
        }
        try {
            output("Event ID: " + fire(client.get(), payload));
            return 0;
        } catch (ConsulApiException e) {
            return fail("Error firing event: ", e);
        }
    }

    private String fire(ConsulHttpClient client, byte[] payload) throws ConsulApiException {
        ConsulHttpClient.Response r = client.put("/v1/event/fire/" + name, filters.params(), payload);
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
