package io.proconsul.cli.command.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument checks of {@code consul snapshot save|restore|inspect}, with Consul's texts and exit 1. */
class SnapshotCommandTest {

    @ParameterizedTest
    @CsvSource({"save", "restore", "inspect"})
    void missingFile(String verb) {
        CliRun r = CliRun.run("snapshot", verb);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Missing FILE argument");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"save", "restore", "inspect"})
    void tooManyArguments(String verb) {
        CliRun r = CliRun.run("snapshot", verb, "a.snap", "b.snap");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Too many arguments (expected 1, got 2)");
    }

    @Test
    void inspectRefusesAFileThatIsNotASnapshot(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.snap"), "not a snapshot");

        CliRun r = CliRun.run("snapshot", "inspect", junk.toString());
        CliRun missing = CliRun.run("snapshot", "inspect", dir.resolve("nope.snap").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo(
                "Error extracting snapshot data: failed to decompress snapshot: gzip: invalid header\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("Error opening snapshot file: ");
    }

    @Test
    void saveAgainstNoAgentFailsWithTheConnectionError(@TempDir Path dir) {
        Path target = dir.resolve("backup.snap");

        CliRun r = CliRun.run("snapshot", "save", "-http-addr=" + CliRun.closedAddress(), target.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error saving snapshot: ").contains("connection refused");
        assertThat(Files.exists(target)).isFalse();
        assertThat(Files.exists(dir.resolve("backup.snap.unverified"))).isFalse();
    }
}
