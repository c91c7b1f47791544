package io.proconsul.cli.command.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import io.proconsul.cli.command.AgentApiCommand;
import io.proconsul.cli.command.HttpOptions;
import io.proconsul.core.GoDuration;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code consul operator autopilot set-config [-cleanup-dead-servers=<bool>] [-max-trailing-logs=<n>]
 * [-min-quorum=<n>] [-last-contact-threshold=<duration>] [-server-stabilization-time=<duration>] ...}: reads
 * the current settings, changes the ones given, and writes them back with a check-and-set on their
 * ModifyIndex, as Consul does; a lost race prints Consul's "please try again" and exits 1.
 */
@Command(
        name = "set-config",
        modelTransformer = AgentApiCommand.GoFlags.class,
        customSynopsis = "consul operator autopilot set-config [options]",
        description = {"Modify the current Autopilot configuration", "",
            "  Modifies the current Autopilot configuration.", ""})
public final class AutopilotSetConfigCommand extends AgentApiCommand {

    @Option(names = {"-cleanup-dead-servers", "--cleanup-dead-servers"}, arity = "0",
            preprocessor = HttpOptions.GoBool.class, paramLabel = "<true|false>",
            description = "Controls whether Consul will automatically remove dead servers when new ones are "
                    + "successfully added. Must be one of `true|false`.")
    Boolean cleanupDeadServers;

    @Option(names = {"-max-trailing-logs", "--max-trailing-logs"}, paramLabel = "<uint>", converter = Uint.class,
            description = "Controls the maximum number of log entries that a server can trail the leader by "
                    + "before being considered unhealthy.")
    Long maxTrailingLogs;

    @Option(names = {"-min-quorum", "--min-quorum"}, paramLabel = "<uint>", converter = Uint.class,
            description = "Sets the minimum number of servers required in a cluster before autopilot is allowed "
                    + "to prune dead servers.")
    Long minQuorum;

    @Option(names = {"-last-contact-threshold", "--last-contact-threshold"}, paramLabel = "<duration>",
            converter = GoDurationText.class,
            description = "Controls the maximum amount of time a server can go without contact from the leader "
                    + "before being considered unhealthy. Must be a duration value such as `200ms`.")
    String lastContactThreshold;

    @Option(names = {"-server-stabilization-time", "--server-stabilization-time"}, paramLabel = "<duration>",
            converter = GoDurationText.class,
            description = "Controls the minimum amount of time a server must be stable in the 'healthy' state "
                    + "before being added to the cluster. Must be a duration value such as `10s`.")
    String serverStabilizationTime;

    @Option(names = {"-redundancy-zone-tag", "--redundancy-zone-tag"}, paramLabel = "<string>",
            description = "(Enterprise-only) Controls the node_meta tag name used for separating servers into "
                    + "different redundancy zones.")
    String redundancyZoneTag;

    @Option(names = {"-disable-upgrade-migration", "--disable-upgrade-migration"}, arity = "0",
            preprocessor = HttpOptions.GoBool.class, paramLabel = "<true|false>",
            description = "(Enterprise-only) Controls whether Consul will avoid promoting new servers until it "
                    + "can perform a migration. Must be one of `true|false`.")
    Boolean disableUpgradeMigration;

    @Option(names = {"-upgrade-version-tag", "--upgrade-version-tag"}, paramLabel = "<string>",
            description = "(Enterprise-only) The node_meta tag to use for version info when performing upgrade "
                    + "migrations. If left blank, the Consul version will be used.")
    String upgradeVersionTag;

    /** Go's {@code strconv.ParseUint}: digits only. */
    static final class Uint implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseUnsignedLong(value);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(
                        "strconv.ParseUint: parsing \"" + value + "\": invalid syntax");
            }
        }
    }

    /** A Go duration, checked with Go's parser and sent on as typed. */
    static final class GoDurationText implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                GoDuration.parse(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() {
        Optional<ConsulHttpClient> client = connect("Error initializing client: ");
        if (client.isEmpty()) {
            return 1;
        }
        ObjectNode conf;
        try {
            conf = (ObjectNode) AutopilotConfigs.get(client.get());
        } catch (ConsulApiException e) {
            return fail("Error querying Autopilot configuration: ", e);
        }
        merge(conf);
        try {
            if (!cas(client.get(), conf)) {
                output("Configuration could not be atomically updated, please try again");
                return 1;
            }
        } catch (ConsulApiException e) {
            return fail("Error setting Autopilot configuration: ", e);
        }
        output("Configuration updated!");
        return 0;
    }

    /** The flags that were given replace the stored values; the rest stay as read. */
    void merge(ObjectNode conf) {
        if (cleanupDeadServers != null) {
            conf.put("CleanupDeadServers", cleanupDeadServers);
        }
        if (maxTrailingLogs != null) {
            conf.put("MaxTrailingLogs", maxTrailingLogs);
        }
        if (minQuorum != null) {
            conf.put("MinQuorum", minQuorum);
        }
        if (lastContactThreshold != null) {
            conf.put("LastContactThreshold", lastContactThreshold);
        }
        if (serverStabilizationTime != null) {
            conf.put("ServerStabilizationTime", serverStabilizationTime);
        }
        if (redundancyZoneTag != null) {
            conf.put("RedundancyZoneTag", redundancyZoneTag);
        }
        if (disableUpgradeMigration != null) {
            conf.put("DisableUpgradeMigration", disableUpgradeMigration);
        }
        if (upgradeVersionTag != null) {
            conf.put("UpgradeVersionTag", upgradeVersionTag);
        }
    }

    /** Consul's client: {@code ?cas=<ModifyIndex>}, and any body containing "true" is success. */
    private static boolean cas(ConsulHttpClient client, ObjectNode conf) throws ConsulApiException {
        JsonNode index = conf.path("ModifyIndex");
        byte[] body;
        try {
            body = client.json().writeValueAsBytes(conf);
        } catch (IOException e) {
            throw new ConsulApiException("Failed to encode the configuration: " + e.getMessage());
        }
        ConsulHttpClient.Response r = client.put(AutopilotConfigs.PATH,
                Map.of("cas", index.isNumber() ? index.asText() : "0"), body);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r.status(), r.text());
        }
        return r.text().contains("true");
    }
}
