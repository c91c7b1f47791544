package io.proconsul.cli.command.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul catalog services [-tags] [-node=<node>] [-node-meta=k=v]...}: the names of the registered
 * services, sorted, one per line; with {@code -tags} each name is followed by its sorted tags joined with
 * commas, aligned as Go's {@code tabwriter} (padding 6) aligns them. With {@code -node}, only that node's
 * services ({@code /v1/catalog/node/<node>}).
 *
 * <p>No match prints Consul's hint on stderr and still exits 0.
 */
@Command(
        name = "services",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul catalog services [options]",
        description = {"Lists all registered services in a datacenter", "",
            "  Retrieves the list services registered in a given datacenter. By default, the",
            "  datacenter of the local agent is queried.", ""})
public final class CatalogServicesCommand extends CatalogSubcommand {

    static final String NO_MATCH = "No services match the given query - try expanding your search.";

    @Option(names = {"-node", "--node"}, paramLabel = "<id or name>",
            description = "Node `id or name` for which to list services.")
    String node = "";

    @Option(names = {"-node-meta", "--node-meta"}, paramLabel = "<key=value>",
            description = "Metadata to filter nodes with the given `key=value` pairs. If specified, only services "
                    + "running on nodes matching the given metadata will be returned. This flag may be specified "
                    + "multiple times to filter on multiple sources of metadata.")
    List<String> nodeMeta = new ArrayList<>();

    @Option(names = {"-tags", "--tags"}, arity = "0", preprocessor = HttpOptions.GoBool.class,
            description = "Display each service's tags as a comma-separated list beside each service entry.")
    boolean tags;

    /** {@code /v1/catalog/node/<node>}: only the services are read. */
    record NodeServices(@JsonProperty("Services") Map<String, NodeService> services) {}

    record NodeService(@JsonProperty("Service") String service, @JsonProperty("Tags") List<String> tags) {}

    @Override
    public Integer call() {
        Optional<Start> start = start(nodeMeta);
        if (start.isEmpty()) {
            return 1;
        }
        Map<String, List<String>> services;
        try {
            ConsulHttpClient c = start.get().client();
            Map<String, String> meta = start.get().nodeMeta();
            services = node.isEmpty() ? all(c, meta) : ofNode(c, meta);
        } catch (ConsulApiException e) {
            return fail(node.isEmpty() ? "Error listing services: " : "Error listing services for node: ", e);
        }
        if (services.isEmpty()) {
            error(NO_MATCH);
            return 0;
        }
        if (tags) {
            output(withTags(services));
        } else {
            services.keySet().forEach(this::output);
        }
        return 0;
    }

    private static Map<String, List<String>> all(ConsulHttpClient c, Map<String, String> meta)
            throws ConsulApiException {
        Map<String, List<String>> got = CatalogQuery.get(c, "/v1/catalog/services", Map.of(), meta,
                new TypeReference<Map<String, List<String>>>() {});
        Map<String, List<String>> out = new TreeMap<>();
        if (got != null) {
            got.forEach((k, v) -> out.put(k, v == null ? new ArrayList<>() : new ArrayList<>(v)));
        }
        return out;
    }

    /** Consul collects each instance's tags under its service name, duplicates and all. */
    private Map<String, List<String>> ofNode(ConsulHttpClient c, Map<String, String> meta)
            throws ConsulApiException {
        NodeServices got = CatalogQuery.get(c, "/v1/catalog/node/" + node, Map.of(), meta,
                new TypeReference<NodeServices>() {});
        Map<String, List<String>> out = new TreeMap<>();
        if (got != null && got.services() != null) {
            for (NodeService s : got.services().values()) {
                out.computeIfAbsent(s.service(), k -> new ArrayList<>())
                        .addAll(s.tags() == null ? List.of() : s.tags());
            }
        }
        return out;
    }

    /**
     * Go's {@code tabwriter.NewWriter(b, 0, 2, 6, ' ', 0)} over {@code name\ttags} lines, then
     * {@code strings.TrimSpace} of the whole: names padded to the longest plus 6 spaces.
     */
    static String withTags(Map<String, List<String>> services) {
        int width = services.keySet().stream().mapToInt(s -> s.codePointCount(0, s.length())).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : services.entrySet()) {
            List<String> sorted = new ArrayList<>(e.getValue());
            sorted.sort(null);
            String name = e.getKey();
            sb.append(name).append(" ".repeat(width - name.codePointCount(0, name.length()) + 6))
                    .append(String.join(",", sorted)).append('\n');
        }
        return sb.toString().strip();
    }
}
