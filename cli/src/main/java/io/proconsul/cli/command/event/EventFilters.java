package io.proconsul.cli.command.event;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Option;

/**
 * The filter flags of Consul's {@code event} and {@code exec} commands as a picocli mixin: {@code -node},
 * {@code -service} and {@code -tag}, regular expressions that choose which agents act on a user event.
 * Checked as Consul checks them before anything is sent, and passed to {@code PUT /v1/event/fire/<name>} as
 * its {@code node}, {@code service} and {@code tag} parameters.
 */
public final class EventFilters {

    @Option(names = {"-node", "--node"}, paramLabel = "<string>",
            description = "Regular expression to filter on node names.")
    String node = "";

    @Option(names = {"-service", "--service"}, paramLabel = "<string>",
            description = "Regular expression to filter on service instances.")
    String service = "";

    @Option(names = {"-tag", "--tag"}, paramLabel = "<string>",
            description = "Regular expression to filter on service tags. Must be used with -service.")
    String tag = "";

    /**
     * Whether the filters are usable: each given one compiles as a regular expression, and {@code -tag} comes
     * with {@code -service}. Otherwise prints Consul's message for the first problem to {@code error}.
     */
    public boolean valid(Consumer<String> error) {
        for (String[] f : new String[][] {{node, "node"}, {service, "service"}, {tag, "tag"}}) {
            if (f[0].isEmpty()) {
                continue;
            }
            try {
                Pattern.compile(f[0]);
            } catch (PatternSyntaxException e) {
                error.accept("Failed to compile " + f[1] + " filter regexp: " + e.getDescription());
                return false;
            }
        }
        if (!tag.isEmpty() && service.isEmpty()) {
            error.accept("Cannot provide tag filter without service filter.");
            return false;
        }
        return true;
    }

    /** The query parameters of the fire request: the filters that were given, by their names. */
    public Map<String, String> params() {
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
        return params;
    }
}
