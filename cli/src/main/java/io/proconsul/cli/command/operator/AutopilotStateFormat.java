package io.proconsul.cli.command.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proconsul.core.GoQuote;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two renderings of {@code consul operator autopilot state}: Consul's pretty layout (servers sorted by
 * ID, Enterprise-only lines only when they have content), and Go's {@code MarshalIndent} of
 * {@code api.AutopilotState} (four-space indent, fields in the struct's order, the {@code omitempty} ones
 * left out when empty).
 */
final class AutopilotStateFormat {

    private static final List<String> STATE_FIELDS = List.of("Healthy", "FailureTolerance",
            "OptimisticFailureTolerance", "Servers", "Leader", "Voters", "ReadReplicas", "RedundancyZones", "Upgrade");
    private static final List<String> OMIT_EMPTY = List.of("ReadReplicas", "RedundancyZones", "Upgrade",
            "RedundancyZone", "UpgradeVersion");
    private static final List<String> SERVER_FIELDS = List.of("ID", "Name", "Address", "NodeStatus", "Version",
            "LastContact", "LastTerm", "LastIndex", "Healthy", "StableSince", "RedundancyZone", "UpgradeVersion",
            "ReadReplica", "Status", "Meta", "NodeType");

    private AutopilotStateFormat() {}

    static String pretty(JsonNode s) {
        StringBuilder b = new StringBuilder();
        b.append("Healthy:                      ").append(s.path("Healthy").asBoolean()).append('\n');
        b.append("Failure Tolerance:            ").append(s.path("FailureTolerance").asInt()).append('\n');
        b.append("Optimistic Failure Tolerance: ").append(s.path("OptimisticFailureTolerance").asInt()).append('\n');
        b.append("Leader:                       ").append(s.path("Leader").asText("")).append('\n');
        b.append("Voters:\n");
        s.path("Voters").forEach(v -> b.append("   ").append(v.asText()).append('\n'));
        if (s.path("ReadReplicas").size() > 0) {
            b.append("Read Replicas:\n");
            s.path("ReadReplicas").forEach(v -> b.append("   ").append(v.asText()).append('\n'));
        }
        b.append("Servers:\n");
        TreeMap<String, JsonNode> servers = new TreeMap<>();
        s.path("Servers").properties().forEach(e -> servers.put(e.getKey(), e.getValue()));
        servers.values().forEach(srv -> server(b, srv));
        return b.toString();
    }

    private static void server(StringBuilder b, JsonNode srv) {
        b.append("   ").append(srv.path("ID").asText("")).append('\n');
        line(b, "Name:            ", srv.path("Name").asText(""));
        line(b, "Address:         ", srv.path("Address").asText(""));
        line(b, "Version:         ", srv.path("Version").asText(""));
        line(b, "Status:          ", srv.path("Status").asText(""));
        line(b, "Node Type:       ", srv.path("NodeType").asText(""));
        line(b, "Node Status:     ", srv.path("NodeStatus").asText(""));
        line(b, "Healthy:         ", Boolean.toString(srv.path("Healthy").asBoolean()));
        line(b, "Last Contact:    ", AutopilotConfigs.duration(srv.path("LastContact")));
        line(b, "Last Term:       ", srv.path("LastTerm").asText("0"));
        line(b, "Last Index:      ", srv.path("LastIndex").asText("0"));
        if (!srv.path("RedundancyZone").asText("").isEmpty()) {
            line(b, "Redundancy Zone: ", srv.path("RedundancyZone").asText());
        }
        if (!srv.path("UpgradeVersion").asText("").isEmpty()) {
            line(b, "Upgrade Version: ", srv.path("UpgradeVersion").asText());
        }
        if (srv.path("ReadReplica").asBoolean()) {
            line(b, "Read Replica:    ", "true");
        }
        if (srv.path("Meta").size() > 0) {
            b.append("      Meta\n");
            TreeMap<String, String> meta = new TreeMap<>();
            srv.path("Meta").properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
            meta.forEach((k, v) -> b.append("         ").append(GoQuote.quote(k)).append(": ")
                    .append(GoQuote.quote(v)).append('\n'));
        }
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append("      ").append(label).append(value).append('\n');
    }

    static String json(JsonNode s) {
        ObjectNode out = ordered(s, STATE_FIELDS);
        ObjectNode servers = JsonNodeFactory.instance.objectNode();
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        s.path("Servers").properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((id, srv) -> servers.set(id, ordered(srv, SERVER_FIELDS)));
        out.set("Servers", servers);
        try {
            return new ObjectMapper().writer(goIndent()).writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Failed to marshal state: " + e.getMessage(), e);
        }
    }

    /** The fields of {@code node} in Go's struct order; an {@code omitempty} field only with content. */
    private static ObjectNode ordered(JsonNode node, List<String> fields) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Map<String, JsonNode> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        node.properties().forEach(e -> byName.put(e.getKey(), e.getValue()));
        for (String f : fields) {
            JsonNode v = byName.get(f);
            boolean empty = v == null || v.isNull() || v.isContainerNode() && v.size() == 0
                    || v.isTextual() && v.textValue().isEmpty();
            if (OMIT_EMPTY.contains(f) && empty) {
                continue;
            }
            out.set(f, v == null ? JsonNodeFactory.instance.nullNode() : v);
        }
        return out;
    }

    /** Go's {@code MarshalIndent(v, "", "    ")}: {@code "key": value}, empty containers as {@code {}}/{@code []}. */
    private static DefaultPrettyPrinter goIndent() {
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter p = new DefaultPrettyPrinter(separators);
        p.indentObjectsWith(indenter);
        p.indentArraysWith(indenter);
        return p;
    }
}
