package io.proconsul.cli.command.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.command.AgentApiCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code consul catalog datacenters}: every known datacenter, one per line, in the order
 * {@code /v1/catalog/datacenters} gives (nearest first).
 */
@Command(
        name = "datacenters",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul catalog datacenters [options]",
        description = {"Lists all known datacenters", "",
            "  Retrieves the list of all known datacenters. This datacenters are sorted in",
            "  ascending order based on the estimated median round trip time from the servers",
            "  in this datacenter to the servers in the other datacenters.", ""})
public final class CatalogDatacentersCommand extends CatalogSubcommand {

    @Override
    public Integer call() {
        Optional<Start> start = start(List.of());
        if (start.isEmpty()) {
            return 1;
        }
        List<String> dcs;
        try {
            dcs = start.get().client().getJson("/v1/catalog/datacenters", Map.of(),
                    new TypeReference<List<String>>() {});
        } catch (ConsulApiException e) {
            return fail("Error listing datacenters: ", e);
        }
        (dcs == null ? List.<String>of() : dcs).forEach(this::output);
        return 0;
    }
}
