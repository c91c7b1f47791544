package io.proconsul.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code consul version [-format=pretty|json]}: the Consul version this build implements ({@link
 * Version#CONSUL}), the revision (Proconsul's own version, {@link Version#REVISION}), the build date, and the
 * gossip protocol range, in Consul's layout (a blank line ends the pretty form, as Consul prints it).
 *
 * <p>The build date is the {@code Build-Date} manifest attribute when the jar has one, otherwise the time
 * the jar (or class directory) was last modified; Consul's own fallback is the epoch.
 */
@Command(name = "version", description = "Prints the Consul version")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-format", "--format"}, paramLabel = "<string>", description = "Output format {pretty|json}")
    String format = "pretty";

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "pretty" -> out.println(pretty(buildDate()));
            case "json" -> out.println(json(buildDate()));
            default -> {
                PrintWriter err = spec.commandLine().getErr();
                err.println("Unknown format: " + format);
                err.println("Use -format=pretty or -format=json.");
                err.flush();
                return 1;
            }
        }
        out.flush();
        return 0;
    }

    /** Consul's pretty form; it already ends in a newline, and the UI adds one more. */
    static String pretty(Instant buildDate) {
        StringBuilder sb = new StringBuilder();
        sb.append("Consul v").append(Version.CONSUL).append('\n');
        sb.append("Revision ").append(Version.REVISION).append('\n');
        sb.append("Build Date ").append(rfc3339(buildDate)).append('\n');
        sb.append("Protocol ").append(Version.PROTOCOL_CURRENT).append(" spoken by default, understands ")
                .append(Version.PROTOCOL_MIN).append(" to ").append(Version.PROTOCOL_MAX);
        if (Version.PROTOCOL_CURRENT < Version.PROTOCOL_MAX) {
            sb.append(" (agent will automatically use protocol >").append(Version.PROTOCOL_CURRENT)
                    .append(" when speaking to compatible agents)");
        }
        return sb.append('\n').toString();
    }

    /** Consul's {@code -format=json}: Go's {@code MarshalIndent} with a three-space indent. */
    static String json(Instant buildDate) throws JsonProcessingException {
        Map<String, Object> rpc = new LinkedHashMap<>();
        rpc.put("Default", Version.PROTOCOL_CURRENT);
        rpc.put("Min", Version.PROTOCOL_MIN);
        rpc.put("Max", Version.PROTOCOL_MAX);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Version", Version.CONSUL);
        info.put("Revision", Version.REVISION);
        info.put("Prerelease", "");
        info.put("BuildDate", rfc3339(buildDate));
        info.put("RPC", rpc);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("   ", "\n"))
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        return new ObjectMapper().writer(printer).writeValueAsString(info);
    }

    private static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** When this build was made: the manifest's Build-Date, else the code's modification time. */
    static Instant buildDate() {
        try {
            CodeSource source = VersionCommand.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path location = Path.of(source.getLocation().toURI());
                String declared = manifestBuildDate(location);
                if (declared != null) {
                    return Instant.parse(declared);
                }
                return Files.getLastModifiedTime(location).toInstant();
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            // No readable code source (unusual class loaders): fall back to Consul's own default below.
        }
        return Instant.ofEpochSecond(1);
    }

    private static String manifestBuildDate(Path location) throws IOException {
        if (!Files.isRegularFile(location)) {
            return null;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue("Build-Date");
        }
    }
}
