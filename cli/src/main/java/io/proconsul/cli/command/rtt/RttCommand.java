package io.proconsul.cli.command.rtt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import io.proconsul.core.catalog.Coordinate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul rtt [-wan] node1 [node2]} (command/rtt/rtt.go): the round trip between two nodes estimated
 * from their network coordinates, the second node defaulting to the agent's own. LAN coordinates come from
 * {@code /v1/coordinate/nodes} and are compared within one segment (Consul's {@code CoordinateSet.Intersect});
 * with {@code -wan} the names are {@code node.datacenter} and the coordinates come from
 * {@code /v1/coordinate/datacenters}, compared within one area. Prints Consul's line,
 * {@code Estimated a <-> b rtt: 0.123 ms (using LAN coordinates)}; exit 1 with Consul's message when a node
 * has no coordinate or the agent cannot answer.
 */
@Command(
        name = "rtt",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul rtt [options] node1 [node2]",
        description = {"Estimates network round trip time between nodes", "",
            "  Estimates the round trip time between two nodes using Consul's network",
            "  coordinate model of the cluster.", "",
            "  At least one node name is required. If the second node name isn't given, it",
            "  is set to the agent's node name. Note that these are node names as known to",
            "  Consul as \"consul members\" would show, not IP addresses.", "",
            "  By default, the two nodes are assumed to be nodes in the local datacenter",
            "  and the LAN coordinates are used. If the -wan option is given, then the WAN",
            "  coordinates are used, and the node names must be suffixed by a period and",
            "  the datacenter (eg. \"myserver.dc1\").", ""})
public final class RttCommand extends AgentApiCommand {

    private static final TypeReference<Map<String, JsonNode>> SELF = new TypeReference<>() {};
    private static final TypeReference<List<JsonNode>> LIST = new TypeReference<>() {};

    @Option(names = {"-wan", "--wan"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Use WAN coordinates instead of LAN coordinates.")
    boolean wan;

    @Parameters(hidden = true, arity = "0..*")
    List<String> nodes = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> names = new ArrayList<>(nodes);
        if (names.isEmpty() || names.size() > 2) {
            error("One or two node names must be specified");
            error("");
            error(usage());
            return 1;
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        try {
            return wan ? wan(client.get(), names) : lan(client.get(), names);
        } catch (Failure f) {
            return 1;
        }
    }

    private int lan(ConsulHttpClient client, List<String> names) throws Failure {
        if (names.size() < 2) {
            names.add(self(client).path("NodeName").asText());
        }
        List<JsonNode> entries = get(client, "/v1/coordinate/nodes");
        Map<String, Coordinate> cs1 = new HashMap<>();
        Map<String, Coordinate> cs2 = new HashMap<>();
        for (JsonNode e : entries) {
            String node = e.path("Node").asText();
            if (node.equalsIgnoreCase(names.get(0))) {
                cs1.put(e.path("Segment").asText(), coordinate(e.get("Coord")));
            }
            if (node.equalsIgnoreCase(names.get(1))) {
                cs2.put(e.path("Segment").asText(), coordinate(e.get("Coord")));
            }
        }
        // Consul's CoordinateSet.Intersect: the default segment, unless one side is in a single other one.
        String segment = "";
        if (cs1.size() == 1) {
            segment = cs1.keySet().iterator().next();
        }
        if (cs2.size() == 1) {
            segment = cs2.keySet().iterator().next();
        }
        return show(names, cs1.get(segment), cs2.get(segment), "LAN");
    }

    private int wan(ConsulHttpClient client, List<String> names) throws Failure {
        if (names.size() < 2) {
            JsonNode config = self(client);
            names.add(config.path("NodeName").asText() + "." + config.path("Datacenter").asText());
        }
        String[] parts1 = names.get(0).split("\\.", -1);
        String[] parts2 = names.get(1).split("\\.", -1);
        if (parts1.length != 2 || parts2.length != 2) {
            error("Node names must be specified as <node name>.<datacenter> with -wan");
            return 1;
        }
        List<JsonNode> dcs = get(client, "/v1/coordinate/datacenters");
        String area1 = null;
        String area2 = null;
        Coordinate c1 = null;
        Coordinate c2 = null;
        for (JsonNode dc : dcs) {
            for (JsonNode entry : dc.path("Coordinates")) {
                String datacenter = dc.path("Datacenter").asText();
                String node = entry.path("Node").asText();
                if (datacenter.equals(parts1[1]) && node.equalsIgnoreCase(parts1[0])) {
                    area1 = dc.path("AreaID").asText();
                    c1 = coordinate(entry.get("Coord"));
                }
                if (datacenter.equals(parts2[1]) && node.equalsIgnoreCase(parts2[0])) {
                    area2 = dc.path("AreaID").asText();
                    c2 = coordinate(entry.get("Coord"));
                }
                if (c1 != null && c2 != null && area1.equals(area2)) {
                    return show(names, c1, c2, "WAN");
                }
            }
        }
        // Coordinates of different areas are not comparable: as if none were found.
        return show(names, null, null, "WAN");
    }

    private int show(List<String> names, Coordinate c1, Coordinate c2, String source) {
        if (c1 == null) {
            error("Could not find a coordinate for node " + quote(names.get(0)));
            return 1;
        }
        if (c2 == null) {
            error("Could not find a coordinate for node " + quote(names.get(1)));
            return 1;
        }
        if (!c1.isCompatibleWith(c2)) {
            error("coordinate dimensionality does not match");
            return 1;
        }
        String dist = String.format(Locale.ROOT, "%.3f ms", c1.distanceTo(c2) * 1000.0);
        output("Estimated " + names.get(0) + " <-> " + names.get(1) + " rtt: " + dist + " (using " + source
                + " coordinates)");
        return 0;
    }

    private JsonNode self(ConsulHttpClient client) throws Failure {
        try {
            Map<String, JsonNode> self = client.getJson("/v1/agent/self", Map.of(), SELF);
            return self == null || self.get("Config") == null ? com.fasterxml.jackson.databind.node.MissingNode
                    .getInstance() : self.get("Config");
        } catch (ConsulApiException e) {
            fail("Unable to look up agent info: ", e);
            throw new Failure();
        }
    }

    private List<JsonNode> get(ConsulHttpClient client, String path) throws Failure {
        try {
            List<JsonNode> list = client.getJson(path, Map.of(), LIST);
            return list == null ? List.of() : list;
        } catch (ConsulApiException e) {
            fail("Error getting coordinates: ", e);
            throw new Failure();
        }
    }

    /** A coordinate as the API sends it; {@code null} for a missing or null {@code Coord}. */
    private static Coordinate coordinate(JsonNode c) {
        if (c == null || !c.isObject()) {
            return null;
        }
        JsonNode vecNode = c.path("Vec");
        double[] vec = new double[vecNode.size()];
        for (int i = 0; i < vec.length; i++) {
            vec[i] = vecNode.get(i).asDouble();
        }
        return new Coordinate(vec, c.path("Error").asDouble(), c.path("Adjustment").asDouble(),
                c.path("Height").asDouble());
    }

    /** Go's {@code %q} for the names users type: double quotes, with quotes and backslashes escaped. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A failure already reported on stderr; the command exits 1. */
    private static final class Failure extends Exception {
        Failure() {
            super(null, null, false, false);
        }
    }
}
