package io.proconsul.cli.command.maint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul maint [-enable|-disable] [-reason=<text>] [-service=<id>]}: puts the agent's node, or one
 * of its services, into maintenance mode ({@code PUT /v1/agent/maintenance},
 * {@code PUT /v1/agent/service/maintenance/<id>}) or takes it out again. Without {@code -enable} or
 * {@code -disable} it lists what is in maintenance: the {@code _node_maintenance} and
 * {@code _service_maintenance:<id>} checks of {@code /v1/agent/checks}, in check ID order.
 */
@Command(
        name = "maint",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul maint [options]",
        description = {"Controls node or service maintenance mode", "",
            "  Places a node or service into maintenance mode. During maintenance mode,",
            "  the node or service will be excluded from all queries through the DNS",
            "  or API interfaces, effectively taking it out of the pool of available",
            "  nodes. This is done by registering an additional critical health check.", "",
            "  If no arguments are given, the agent's maintenance status will be shown.",
            "  This will return blank if nothing is currently under maintenance.", ""})
public final class MaintCommand extends AgentApiCommand {

    static final String NODE_CHECK = "_node_maintenance";
    static final String SERVICE_CHECK_PREFIX = "_service_maintenance:";

    @Option(names = {"-enable", "--enable"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Enable maintenance mode.")
    boolean enable;

    @Option(names = {"-disable", "--disable"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Disable maintenance mode.")
    boolean disable;

    @Option(names = {"-reason", "--reason"}, paramLabel = "<string>",
            description = "Text describing the maintenance reason.")
    String reason = "";

    @Option(names = {"-service", "--service"}, paramLabel = "<string>",
            description = "Control maintenance mode for a specific service ID.")
    String serviceId = "";

    /** Consul ignores arguments after the flags. */
    @Parameters(hidden = true, arity = "0..*")
    List<String> ignored = List.of();

    record AgentCheck(@JsonProperty("CheckID") String checkId, @JsonProperty("ServiceID") String serviceId,
            @JsonProperty("Notes") String notes) {}

    @Override
    public Integer call() {
        if (enable && disable) {
            error("Only one of -enable or -disable may be provided");
            return 1;
        }
        if (!enable && !reason.isEmpty()) {
            error("Reason may only be provided with -enable");
            return 1;
        }
        if (!enable && !disable && !serviceId.isEmpty()) {
            error("Service requires either -enable or -disable");
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        String nodeName;
        try {
            JsonNode self = client.get().getJson("/v1/agent/self", Map.of(), new TypeReference<JsonNode>() {});
            nodeName = self.path("Config").path("NodeName").asText("");
        } catch (ConsulApiException e) {
            return fail("Error querying Consul agent: ", e);
        }
        if (!enable && !disable) {
            return list(client.get(), nodeName);
        }
        return serviceId.isEmpty() ? node(client.get()) : service(client.get());
    }

    private int list(ConsulHttpClient client, String nodeName) {
        Map<String, AgentCheck> checks;
        try {
            checks = client.getJson("/v1/agent/checks", Map.of(), new TypeReference<Map<String, AgentCheck>>() {});
        } catch (ConsulApiException e) {
            return fail("Error getting checks: ", e);
        }
        for (AgentCheck c : new TreeMap<>(checks == null ? Map.<String, AgentCheck>of() : checks).values()) {
            String notes = c.notes() == null ? "" : c.notes();
            if (NODE_CHECK.equals(c.checkId())) {
                output("Node:");
                output("  Name:   " + nodeName);
                output("  Reason: " + notes);
                output("");
            } else if (c.checkId() != null && c.checkId().startsWith(SERVICE_CHECK_PREFIX)) {
                output("Service:");
                output("  ID:     " + (c.serviceId() == null ? "" : c.serviceId()));
                output("  Reason: " + notes);
                output("");
            }
        }
        return 0;
    }

    private int node(ConsulHttpClient client) {
        String verb = enable ? "enabling" : "disabling";
        try {
            put(client, "/v1/agent/maintenance");
        } catch (ConsulApiException e) {
            return fail("Error " + verb + " node maintenance: ", e);
        }
        output("Node maintenance is now " + (enable ? "enabled" : "disabled"));
        return 0;
    }

    private int service(ConsulHttpClient client) {
        String verb = enable ? "enabling" : "disabling";
        try {
            put(client, "/v1/agent/service/maintenance/" + serviceId);
        } catch (ConsulApiException e) {
            return fail("Error " + verb + " service maintenance: ", e);
        }
        output("Service maintenance is now " + (enable ? "enabled" : "disabled") + " for \"" + serviceId + "\"");
        return 0;
    }

    /** Consul's client sends {@code reason} only when enabling, and only when one was given. */
    private void put(ConsulHttpClient client, String path) throws ConsulApiException {
        Map<String, String> params = new TreeMap<>(Map.of("enable", Boolean.toString(enable)));
        if (enable && !reason.isEmpty()) {
            params.put("reason", reason);
        }
        ConsulHttpClient.Response r = client.put(path, params, null);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
    }
}
