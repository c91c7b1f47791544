package io.proconsul.cli.command.services;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.FlagMapValue;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.config.ConfigException;
import io.proconsul.core.local.ServiceDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code consul services register [options] [FILE...]}: registers services with the local agent
 * ({@code PUT /v1/agent/service/register}), either those defined in config files (JSON or HCL, checked as the
 * agent checks its own config) or one described by flags. With files, a flag fills in what a file leaves
 * empty, and {@code -tag}, {@code -meta} and {@code -tagged-address} add to every file's service, as
 * Consul's {@code CombineArgs} does.
 */
@Command(
        name = "register",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul services register [options] [FILE...]",
        description = {"Register services with the local agent", "",
            "  Register one or more services using the local agent API. Services can",
            "  be registered from standard Consul configuration files (HCL or JSON) or",
            "  using flags. The service is registered and the command returns. The caller",
            "  must remember to call \"consul services deregister\" or a similar API to",
            "  deregister the service when complete.", "",
            "      $ consul services register web.json", ""})
public final class ServicesRegisterCommand extends AgentApiCommand {

    @Option(names = {"-id", "--id"}, paramLabel = "<string>",
            description = "ID of the service to register for arg-based registration. If this isn't set, it will "
                    + "default to the -name value.")
    String id = "";

    @Option(names = {"-name", "--name"}, paramLabel = "<string>",
            description = "Name of the service to register for arg-based registration.")
    String name = "";

    @Option(names = {"-address", "--address"}, paramLabel = "<string>",
            description = "Address of the service to register for arg-based registration.")
    String address = "";

    @Option(names = {"-port", "--port"}, paramLabel = "<int>",
            description = "Port of the service to register for arg-based registration.")
    int port;

    @Option(names = {"-kind", "--kind"}, paramLabel = "<string>", description = "The services 'kind'")
    String kind = "";

    @Option(names = {"-meta", "--meta"}, paramLabel = "<key=value>",
            description = "Metadata to set on the service, formatted as key=value. This flag may be specified "
                    + "multiple times to set multiple meta fields.")
    List<String> meta = new ArrayList<>();

    @Option(names = {"-tag", "--tag"}, paramLabel = "<value>",
            description = "Tag to add to the service. This flag can be specified multiple times to set multiple "
                    + "tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-tagged-address", "--tagged-address"}, paramLabel = "<key=value>",
            description = "Tagged address to set on the service, formatted as key=value. This flag may be "
                    + "specified multiple times to set multiple addresses.")
    List<String> taggedAddresses = new ArrayList<>();

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Service definition files (JSON or HCL).")
    List<String> files = List.of();

    @Override
    public Integer call() {
        ServiceDefinition fromFlags;
        try {
            fromFlags = fromFlags();
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return 1;
        }
        if (files.isEmpty() && name.isEmpty()) {
            error("Service registration requires at least one argument or flags.");
            return 1;
        } else if (!files.isEmpty() && !name.isEmpty()) {
            error("Service registration requires arguments or -id, not both.");
            return 1;
        }
        List<ServiceDefinition> services = new ArrayList<>();
        if (!files.isEmpty()) {
            try {
                ServiceFiles.read(files).forEach(s -> services.add(combine(s, fromFlags)));
            } catch (ConfigException e) {
                error("Error: " + e.getMessage());
                return 1;
            }
        } else {
            services.add(fromFlags);
        }
        Optional<ConsulHttpClient> client = connect("Error connecting to Consul agent: ");
        if (client.isEmpty()) {
            return 1;
        }
        for (ServiceDefinition s : services) {
            try {
                register(client.get(), s);
            } catch (ConsulApiException e) {
                return fail("Error registering service \"" + s.name() + "\": ", e);
            }
            output("Registered service: " + s.name());
        }
        return 0;
    }

    private static void register(ConsulHttpClient client, ServiceDefinition s) throws ConsulApiException {
        byte[] body = ServiceRegistration.toJson(s, client.json()).toString().getBytes(StandardCharsets.UTF_8);
        ConsulHttpClient.Response r = client.put("/v1/agent/service/register", Map.of(), body);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
    }

    /** The service the flags describe; its name may be empty when files are given. */
    private ServiceDefinition fromFlags() {
        Map<String, String> metaMap = FlagMapValue.parse("meta", meta);
        Map<String, ServiceAddress> tagged = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : FlagMapValue.parse("tagged-address", taggedAddresses).entrySet()) {
            tagged.put(e.getKey(), serviceAddress(e.getValue()));
        }
        return new ServiceDefinition(kind, id, name, tags, address, tagged, metaMap, port, null, false, List.of());
    }

    /** Consul's {@code CombineArgs}: flags fill empty scalars; tags, meta and tagged addresses are added. */
    static ServiceDefinition combine(ServiceDefinition file, ServiceDefinition flags) {
        List<String> allTags = new ArrayList<>(file.tags());
        allTags.addAll(flags.tags());
        Map<String, String> allMeta = new LinkedHashMap<>(file.meta());
        allMeta.putAll(flags.meta());
        Map<String, ServiceAddress> allTagged = new LinkedHashMap<>(file.taggedAddresses());
        allTagged.putAll(flags.taggedAddresses());
        return new ServiceDefinition(file.kind().isEmpty() ? flags.kind() : file.kind(),
                file.id().isEmpty() ? flags.id() : file.id(), file.name().isEmpty() ? flags.name() : file.name(),
                allTags, file.address().isEmpty() ? flags.address() : file.address(), allTagged, allMeta,
                file.port() == 0 ? flags.port() : file.port(), file.weights(), file.enableTagOverride(),
                file.checks());
    }

    /** Consul's {@code api.ParseServiceAddr}: {@code host:port}, or a host alone with port 0. */
    static ServiceAddress serviceAddress(String addrPort) {
        int colon = addrPort.lastIndexOf(':');
        boolean bracketed = addrPort.startsWith("[") && addrPort.indexOf(']') > 0;
        boolean hasPort = colon > 0 && (bracketed ? colon > addrPort.indexOf(']') : addrPort.indexOf(':') == colon);
        if (!hasPort) {
            return new ServiceAddress(addrPort, 0);
        }
        String host = addrPort.substring(0, colon);
        if (bracketed) {
            host = host.substring(1, host.length() - 1);
        }
        String portText = addrPort.substring(colon + 1);
        try {
            return new ServiceAddress(host, Integer.parseInt(portText));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid Tagged Address: invalid port \"" + portText
                    + "\": strconv.Atoi: parsing \"" + portText + "\": invalid syntax");
        }
    }
}
