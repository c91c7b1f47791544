package io.proconsul.cli.command.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.testing.TestAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consul snapshot save}, {@code inspect} and {@code restore} against a real agent: the saved file
 * verifies and inspects with the index save printed, and restoring it brings back the value a later write
 * replaced, with its old ModifyIndex.
 */
class SnapshotCommandIT {

    @Test
    void saveInspectAndRestoreRoundTrip(@TempDir Path dir) throws Exception {
        try (TestAgent agent = TestAgent.start()) {
            String addr = "-http-addr=" + agent.httpAddr();
            assertThat(CliRun.run("kv", "put", addr, "cfg/mode", "blue").exitCode()).isZero();
            String before = CliRun.run("kv", "get", addr, "-detailed", "cfg/mode").out();
            Path file = dir.resolve("backup.snap");

            CliRun save = CliRun.run("snapshot", "save", addr, file.toString());

            assertThat(save.exitCode()).as(save.toString()).isZero();
            assertThat(save.out()).matches("Saved and verified snapshot to index \\d+\n");
            long index = Long.parseLong(save.out().replaceAll("\\D", ""));
            assertThat(Files.exists(dir.resolve("backup.snap.unverified"))).isFalse();

            CliRun stale = CliRun.run("snapshot", "save", addr, "-stale", dir.resolve("stale.snap").toString());
            assertThat(stale.exitCode()).as(stale.toString()).isZero();
            assertThat(stale.out()).isEqualTo(save.out());

            CliRun inspect = CliRun.run("snapshot", "inspect", file.toString());
            assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
            // Consul 1.10+'s pretty formatter: a leading space, values at column 14.
            assertThat(inspect.out()).matches(" ID           \\d+-" + index + "-\\d+\n"
                    + " Size         \\d+\n"
                    + " Index        " + index + "\n"
                    + " Term         \\d+\n"
                    + " Version      1\n");

            assertThat(CliRun.run("kv", "put", addr, "cfg/mode", "green").exitCode()).isZero();
            assertThat(CliRun.run("kv", "put", addr, "cfg/new", "x").exitCode()).isZero();

            CliRun restore = CliRun.run("snapshot", "restore", addr, file.toString());

            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(restore.out()).isEqualTo("Restored snapshot\n");
            assertThat(CliRun.run("kv", "get", addr, "-detailed", "cfg/mode").out()).isEqualTo(before);
            assertThat(CliRun.run("kv", "get", addr, "cfg/new").exitCode()).isEqualTo(1);

            Path junk = Files.writeString(dir.resolve("junk.snap"), "garbage");
            CliRun bad = CliRun.run("snapshot", "restore", addr, junk.toString());
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).isEqualTo("Error restoring snapshot: Unexpected response code: 500 "
                    + "(failed to decompress snapshot: gzip: invalid header)\n");
        }
    }
}
