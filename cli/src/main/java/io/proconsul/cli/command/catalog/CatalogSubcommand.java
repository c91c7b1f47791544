package io.proconsul.cli.command.catalog;

import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Parameters;

/**
 * How every {@code consul catalog} subcommand starts, in Consul's order: a positional argument is refused
 * ("Too many arguments"), then the {@code -node-meta} pairs are checked (Go's flag error plus the usage),
 * then the API client is made. Each failure is printed here and means exit code 1.
 */
abstract class CatalogSubcommand extends AgentApiCommand {

    @Parameters(hidden = true, arity = "0..*")
    List<String> extra = List.of();

    /** The client and the parsed {@code -node-meta} pairs, or empty when the command must exit 1. */
    final Optional<Start> start(List<String> nodeMetaFlags) {
        if (!extra.isEmpty()) {
            error("Too many arguments (expected 0, got " + extra.size() + ")");
            return Optional.empty();
        }
        Map<String, String> meta;
        try {
            meta = CatalogQuery.nodeMeta(nodeMetaFlags);
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            error(usage());
            return Optional.empty();
        }
        return connect("Error connecting to Consul agent: ").map(client -> new Start(client, meta));
    }

    /** A subcommand ready to send its request; {@code nodeMeta} is empty when no {@code -node-meta} was given. */
    record Start(ConsulHttpClient client, Map<String, String> nodeMeta) {}
}
