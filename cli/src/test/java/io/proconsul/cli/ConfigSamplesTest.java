package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code config-samples/} stays valid: each agent config passes {@code validate} on its
 * own; a fragment (a file without {@code data_dir}, such as a lone service definition) passes together
 * with a file that only sets the data dir and bind address, as an operator's {@code -config-dir} would
 * combine them; each shell script parses. The top-level samples are also checked by {@code ValidateCommandTest}.
 */
class ConfigSamplesTest {

    private static final Path SAMPLES = Path.of("..", "config-samples");
    private static final Pattern DATA_DIR = Pattern.compile("(?m)(\"data_dir\"\\s*:|^\\s*data_dir\\s*=)");

    @TempDir
    static Path tmp;

    static Stream<Path> configs() throws IOException {
        return files(".json", ".hcl");
    }

    static Stream<Path> scripts() throws IOException {
        return files(".sh");
    }

    private static Stream<Path> files(String... extensions) throws IOException {
        try (Stream<Path> all = Files.walk(SAMPLES)) {
            List<Path> found = all.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(extensions).anyMatch(e -> p.toString().endsWith(e))).sorted().toList();
            assertThat(found).as("config-samples/**" + String.join("|", extensions)).isNotEmpty();
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyConfigValidates(Path sample) throws IOException {
        CliRun run;
        if (DATA_DIR.matcher(Files.readString(sample)).find()) {
            run = CliRun.run("validate", sample.toString());
        } else {
            Path base = tmp.resolve("data-dir.json");
            Files.writeString(base, "{\"data_dir\": \"" + tmp.resolve("data") + "\", \"bind_addr\": \"127.0.0.1\"}");
            run = CliRun.run("validate", base.toString(), sample.toString());
        }
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("Configuration is valid!\n");
        assertThat(run.stderr()).as("every key of a sample is one we act on").doesNotContain("not supported");
    }

    /** Seed 002's layout: the client config and the MySQL service definitions in one agent. */
    @Test
    void mysqlServicesWithTheClientConfig() {
        CliRun run = CliRun.run("validate", SAMPLES.resolve("shenzhen/client.json").toString(),
                SAMPLES.resolve("mysql/r-3333-mysql-test.json").toString(),
                SAMPLES.resolve("mysql/w-3333-mysql-test.json").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void everyScriptParses(Path script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
    }
}
