package io.proconsul.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidateCommandTest {

    @TempDir
    Path tmp;

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @Test
    void aValidFileIsReportedValid() throws IOException {
        Path f = write("a.hcl", "data_dir = \"/d\"\nbind_addr = \"127.0.0.1\"\nserver = true");
        CliRun run = CliRun.run("validate", f.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("Configuration is valid!\n");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void aDirectoryIsMergedAlphabeticallyLikeTheAgentDoes() throws IOException {
        write("d/a.json", "{\"data_dir\": \"/d\", \"bind_addr\": \"127.0.0.1\", \"ports\": {\"http\": 70000}}");
        write("d/b.hcl", "ports { http = 8501 }");
        CliRun run = CliRun.run("validate", tmp.resolve("d").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("Configuration is valid!\n");
    }

    @Test
    void anInvalidValueFailsWithFileAndKey() throws IOException {
        Path f = write("a.hcl", "data_dir = \"/d\"\nbind_addr = \"127.0.0.1\"\nports { http = 70000 }");
        CliRun run = CliRun.run("validate", f.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Config validation failed: " + f + ": ports.http: invalid port: 70000\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownKeyFailsAsInConsul() throws IOException {
        Path f = write("a.json", "{\"data_dir\": \"/d\", \"bind_addr\": \"127.0.0.1\", \"bogus\": 1}");
        CliRun run = CliRun.run("validate", f.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Config validation failed: failed to parse " + f
                + ": invalid config key bogus\n");
    }

    @Test
    void warningsGoToStderrAndQuietSilencesSuccess() throws IOException {
        Path f = write("a.hcl", "data_dir = \"/d\"\nbind_addr = \"127.0.0.1\"\nencrypt = \"k\"");
        CliRun run = CliRun.run("validate", f.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEqualTo(f + ": config key \"encrypt\" is not supported by Proconsul yet and is "
                + "ignored\n");
        CliRun quiet = CliRun.run("validate", "-quiet", f.toString());
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.stderr()).isEmpty();
    }

    @Test
    void configFormatReadsOtherExtensions() throws IOException {
        Path f = write("agent.conf", "{\"data_dir\": \"/d\", \"bind_addr\": \"127.0.0.1\"}");
        assertThat(CliRun.run("validate", f.toString()).stderr()).isEqualTo("Config validation failed: file " + f
                + " has unknown extension; must be .hcl or .json, or config format must be set\n");
        CliRun run = CliRun.run("validate", "-config-format=json", f.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @Test
    void usageErrorsExitOne() {
        CliRun none = CliRun.run("validate");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).isEqualTo("Must specify at least one config file or directory\n");
        CliRun format = CliRun.run("validate", "-config-format=yaml", "x.json");
        assertThat(format.exitCode()).isEqualTo(1);
        assertThat(format.stderr()).isEqualTo("-config-format must be either 'hcl' or 'json\n");
        CliRun bogus = CliRun.run("validate", "-bogus", "x.json");
        assertThat(bogus.exitCode()).isEqualTo(1);
        assertThat(bogus.stderr()).contains("-bogus");
    }

    @Test
    void helpIsConsulsUsage() {
        CliRun run = CliRun.run("validate", "-h");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: consul validate [options] FILE_OR_DIRECTORY...\n")
                .contains("-config-format=<format>", "-quiet");
    }

    @Test
    void aMissingFileFails() {
        String missing = tmp.resolve("nope.hcl").toString();
        CliRun run = CliRun.run("validate", missing);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Config validation failed: config: Open failed on " + missing + ". open "
                + missing + ": no such file or directory\n");
    }

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "config-samples"))) {
            List<Path> configs = files.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".hcl"))
                    .sorted().toList();
            assertThat(configs).as("config-samples/*.json|hcl").isNotEmpty();
            return configs.stream();
        }
    }

    /** Every sample config in config-samples/ must pass validate, so the samples cannot rot. */
    @ParameterizedTest
    @MethodSource("samples")
    void everySampleIsValid(Path sample) {
        CliRun run = CliRun.run("validate", sample.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("Configuration is valid!\n");
    }
}
