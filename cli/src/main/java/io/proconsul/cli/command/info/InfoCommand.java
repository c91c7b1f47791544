package io.proconsul.cli.command.info;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code consul info}: the {@code Stats} of {@code /v1/agent/self}, printed as Consul prints them: sections
 * sorted by name, each as {@code name:} followed by its keys, sorted, as {@code \tkey = value}.
 */
@Command(
        name = "info",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul info [options]",
        description = {"Provides debugging information for operators.", "",
            "  Provides debugging information for operators", ""})
public final class InfoCommand extends AgentApiCommand {

    private static final TypeReference<Map<String, JsonNode>> SELF = new TypeReference<>() {};

    /** Consul ignores arguments after the flags. */
    @Parameters(hidden = true, arity = "0..*")
    List<String> ignored = List.of();

    @Override
    public Integer call() {
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        Map<String, JsonNode> self;
        try {
            self = client.get().getJson("/v1/agent/self", Map.of(), SELF);
        } catch (ConsulApiException e) {
            return fail("Error querying agent: ", e);
        }
        JsonNode stats = self == null ? null : self.get("Stats");
        if (stats == null || !stats.isObject()) {
            error("Agent response did not contain 'Stats' key: " + self);
            return 1;
        }
        return print(stats);
    }

    private int print(JsonNode stats) {
        TreeMap<String, JsonNode> sections = new TreeMap<>();
        stats.properties().forEach(e -> sections.put(e.getKey(), e.getValue()));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> section : sections.entrySet()) {
            if (!section.getValue().isObject()) {
                output(sb + section.getKey() + ":");
                error("Got invalid subkey in stats: " + section.getValue());
                return 1;
            }
            sb.append(section.getKey()).append(":\n");
            TreeMap<String, String> keys = new TreeMap<>();
            section.getValue().properties().forEach(e -> keys.put(e.getKey(), e.getValue().asText()));
            keys.forEach((k, v) -> sb.append('\t').append(k).append(" = ").append(v).append('\n'));
        }
        if (sb.length() > 0) {
            sb.setLength(sb.length() - 1);
            output(sb.toString());
        }
        return 0;
    }
}
