package io.proconsul.cli.command.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.Columnize;
import io.proconsul.cli.command.DataSource;
import io.proconsul.cli.command.HttpOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul catalog nodes [-detailed] [-near=<node>] [-node-meta=k=v]... [-service=<name>]
 * [-filter=<expr>]}: the catalog's nodes in Consul's table, {@code Node ID Address DC} (the ID cut at its
 * first dash), or with {@code -detailed} the full ID plus {@code TaggedAddresses} and {@code Meta} as sorted
 * {@code k=v} lists. With {@code -service} the nodes come from {@code /v1/catalog/service/<name>}.
 *
 * <p>No match prints Consul's hint on stderr and still exits 0.
 */
@Command(
        name = "nodes",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul catalog nodes [options]",
        description = {"Lists all nodes in the given datacenter", "",
            "  Retrieves the list nodes registered in a given datacenter. By default, the",
            "  datacenter of the local agent is queried.", ""})
public final class CatalogNodesCommand extends CatalogSubcommand {

    static final String NO_MATCH = "No nodes match the given query - try expanding your search.";

    @Option(names = {"-detailed", "--detailed"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Output detailed information about the nodes including their addresses and metadata.")
    boolean detailed;

    @Option(names = {"-near", "--near"}, paramLabel = "<string>",
            description = "Node name to sort the node list in ascending order based on estimated round-trip time "
                    + "from that node. Passing \"_agent\" will use this agent's node for sorting.")
    String near = "";

    @Option(names = {"-node-meta", "--node-meta"}, paramLabel = "<key=value>",
            description = "Metadata to filter nodes with the given `key=value` pairs. This flag may be specified "
                    + "multiple times to filter on multiple sources of metadata.")
    List<String> nodeMeta = new ArrayList<>();

    @Option(names = {"-service", "--service"}, paramLabel = "<id or name>",
            description = "Service `id or name` to filter nodes. Only nodes which are providing the given service "
                    + "will be returned.")
    String service = "";

    @Option(names = {"-filter", "--filter"}, paramLabel = "<string>",
            description = "Filter to use with the request")
    String filter = "";

    /** A node as {@code /v1/catalog/nodes} (or, with its node fields, {@code /v1/catalog/service}) sends it. */
    record CatalogNode(
            @JsonProperty("ID") String id,
            @JsonProperty("Node") String node,
            @JsonProperty("Address") String address,
            @JsonProperty("Datacenter") String datacenter,
            @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
            @JsonProperty("Meta") Map<String, String> meta,
            @JsonProperty("NodeMeta") Map<String, String> nodeMeta) {}

    @Override
    public Integer call() {
        Optional<Start> start = start(nodeMeta);
        if (start.isEmpty()) {
            return 1;
        }
        Map<String, String> params;
        try {
            params = params();
        } catch (IOException e) {
            error("Could not process filter argument: " + e.getMessage());
            return 1;
        }
        List<CatalogNode> nodes;
        try {
            String path = service.isEmpty() ? "/v1/catalog/nodes" : "/v1/catalog/service/" + service;
            nodes = CatalogQuery.get(start.get().client(), path, params, start.get().nodeMeta(),
                    new TypeReference<List<CatalogNode>>() {});
        } catch (ConsulApiException e) {
            return fail(service.isEmpty() ? "Error listing nodes: " : "Error listing nodes for service: ", e);
        }
        if (nodes == null || nodes.isEmpty()) {
            error(NO_MATCH);
            return 0;
        }
        output(table(nodes, detailed));
        return 0;
    }

    /** {@code filter} (read from a file or stdin when so given) and {@code near}, when set. */
    private Map<String, String> params() throws IOException {
        Map<String, String> params = new TreeMap<>();
        if (!filter.isEmpty()) {
            params.put("filter", new String(DataSource.load(filter, System.in), StandardCharsets.UTF_8));
        }
        if (!near.isEmpty()) {
            params.put("near", near);
        }
        return params;
    }

    /** Consul's {@code NodesHeader} and {@code NodeRow}, columnized. */
    static String table(List<CatalogNode> nodes, boolean detailed) {
        char d = Columnize.DELIM;
        List<String> lines = new ArrayList<>();
        lines.add(detailed ? "Node" + d + "ID" + d + "Address" + d + "DC" + d + "TaggedAddresses" + d + "Meta"
                : "Node" + d + "ID" + d + "Address" + d + "DC");
        for (CatalogNode n : nodes) {
            String id = n.id() == null ? "" : n.id();
            Map<String, String> meta = n.meta() != null ? n.meta() : n.nodeMeta();
            if (detailed) {
                lines.add(n.node() + d + id + d + n.address() + d + n.datacenter() + d
                        + kv(n.taggedAddresses()) + d + kv(meta));
            } else {
                int dash = id.indexOf('-');
                lines.add(n.node() + d + (dash > 0 ? id.substring(0, dash) : id) + d + n.address() + d
                        + n.datacenter());
            }
        }
        return Columnize.format(lines);
    }

    /** Consul's {@code mapToKV}: {@code k=v} pairs sorted by key, joined with ", ". */
    static String kv(Map<String, String> m) {
        return m == null ? "" : new TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
