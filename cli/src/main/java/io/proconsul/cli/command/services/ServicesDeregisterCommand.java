package io.proconsul.cli.command.services;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.core.config.ConfigException;
import io.proconsul.core.local.ServiceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul services deregister [-id=<id>] [FILE...]}: removes services from the local agent
 * ({@code PUT /v1/agent/service/deregister/<id>}), named by {@code -id} or by the definition files they
 * were registered from (each service's ID, else its name).
 */
@Command(
        name = "deregister",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul services deregister [options] [FILE...]",
        description = {"Deregister services with the local agent", "",
            "  Deregister one or more services that were previously registered with",
            "  the local agent.", "",
            "      $ consul services deregister web.json db.json", "",
            "  The -id flag may be used to deregister a single service by ID:", "",
            "      $ consul services deregister -id=web", ""})
public final class ServicesDeregisterCommand extends AgentApiCommand {

    @Option(names = {"-id", "--id"}, paramLabel = "<string>",
            description = "ID to delete. This must not be set if arguments are given.")
    String id = "";

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Service definition files (JSON or HCL).")
    List<String> files = List.of();

    @Override
    public Integer call() {
        if (files.isEmpty() && id.isEmpty()) {
            error("Service deregistration requires at least one argument or -id.");
            return 1;
        } else if (!files.isEmpty() && !id.isEmpty()) {
            error("Service deregistration requires arguments or -id, not both.");
            return 1;
        }
        List<String[]> targets = new ArrayList<>();
        if (files.isEmpty()) {
            targets.add(new String[] {id, ""});
        } else {
            try {
                for (ServiceDefinition s : ServiceFiles.read(files)) {
                    targets.add(new String[] {s.effectiveId(), s.name()});
                }
            } catch (ConfigException e) {
                error("Error: " + e.getMessage());
                return 1;
            }
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        for (String[] t : targets) {
            try {
                ConsulHttpClient.Response r = client.get().put("/v1/agent/service/deregister/" + t[0], Map.of(),
                        null);
                if (r.status() != 200) {
                    throw ConsulApiException.unexpectedStatus(r.status(), r.text());
                }
            } catch (ConsulApiException e) {
                // Consul's text says "registering" here too, and names the service by its (possibly empty) name.
                return fail("Error registering service \"" + t[1] + "\": ", e);
            }
            output("Deregistered service: " + t[0]);
        }
        return 0;
    }
}
