package io.proconsul.cli.command;

import io.proconsul.core.config.ConfigException;
import io.proconsul.core.config.ConfigLoader;
import io.proconsul.core.config.LoadedConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code consul validate [options] FILE_OR_DIRECTORY...}: loads the given files and directories exactly
 * as {@code consul agent -config-file ...} would, with every start-up check except those that need the
 * data dir to exist, and reports Consul's texts: "Configuration is valid!" on stdout and exit 0, or
 * "Config validation failed: ..." on stderr and exit 1. Warnings go to stderr; {@code -quiet} silences a
 * successful run entirely.
 */
@Command(name = "validate", synopsisHeading = "", customSynopsis = {
    "Usage: consul validate [options] FILE_OR_DIRECTORY...", ""},
        description = {
            "  Performs a thorough sanity test on Consul configuration files. For each file",
            "  or directory given, the validate command will attempt to parse the contents",
            "  just as the \"consul agent\" command would, and catch any errors.",
            "",
            "  Returns 0 if the configuration is valid, or 1 if there are problems.", ""},
        optionListHeading = "Command Options%n%n")
public final class ValidateCommand implements Callable<Integer> {

    static final String VALID = "Configuration is valid!";

    @Spec
    CommandSpec spec;

    @Option(names = {"-config-format", "--config-format"}, paramLabel = "<format>",
            description = "Config files are in this format irrespective of their extension. Must be 'hcl' or "
                    + "'json'")
    String configFormat = "";

    @Option(names = {"-quiet", "--quiet"}, arity = "0..1", fallbackValue = "true",
            description = "When given, a successful run will produce no output.")
    boolean quiet;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "FILE_OR_DIRECTORY", arity = "0..*", hidden = true)
    List<String> paths = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (paths.isEmpty()) {
                return fail(err, "Must specify at least one config file or directory");
            }
            if (!configFormat.isEmpty() && !configFormat.equals("json") && !configFormat.equals("hcl")) {
                // Consul's text, including its missing closing quote.
                return fail(err, "-config-format must be either 'hcl' or 'json");
            }
            LoadedConfig loaded;
            try {
                loaded = new ConfigLoader().configPaths(paths).configFormat(configFormat).load();
            } catch (ConfigException e) {
                return fail(err, "Config validation failed: " + e.getMessage());
            }
            if (!quiet) {
                loaded.warnings().forEach(err::println);
                out.println(VALID);
            }
            return 0;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println(message);
        return 1;
    }
}
