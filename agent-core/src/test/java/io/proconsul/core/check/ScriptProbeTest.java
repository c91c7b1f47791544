package io.proconsul.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Script checks against real programs written to a temporary directory. */
class ScriptProbeTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "exit {0} -> {1}")
    @CsvSource({"0, passing", "1, warning", "2, critical", "127, critical"})
    void exitCodeDecidesTheStatus(int exit, String status) throws Exception {
        Path script = script("echo to-stdout; echo to-stderr >&2; exit " + exit);
        CheckResult r = new ScriptProbe(List.of(script.toString()), null, 4096).check();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.output()).isEqualTo("to-stdout\nto-stderr\n");
    }

    @Test
    void argumentsArePassedWithoutAShell() throws Exception {
        Path script = script("printf '%s|' \"$@\"");
        CheckResult r = new ScriptProbe(List.of(script.toString(), "a b", "$HOME", "*"), null, 4096).check();
        assertThat(r.output()).isEqualTo("a b|$HOME|*|");
    }

    @Test
    void outputIsCutToItsLastBytesWithConsulsNote() throws Exception {
        Path script = script("head -c 5000 /dev/zero | tr '\\0' x; printf END");
        CheckResult r = new ScriptProbe(List.of(script.toString()), null, 100).check();
        assertThat(r.status()).isEqualTo("passing");
        assertThat(r.output()).startsWith("Captured 100 of 5003 bytes\n...\n").endsWith("xxEND");
        assertThat(r.output().substring("Captured 100 of 5003 bytes\n...\n".length())).hasSize(100);
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws Exception {
        Path pids = dir.resolve("pids");
        // the script starts a child that would outlive it, records both PIDs, then hangs
        Path script = script("echo started; sleep 300 & echo $! > " + pids + ".tmp; echo $$ >> " + pids
                + ".tmp; mv " + pids + ".tmp " + pids + "; wait");
        CheckResult r = new ScriptProbe(List.of(script.toString()), Duration.ofSeconds(2), 4096).check();

        assertThat(r.status()).isEqualTo("critical");
        assertThat(r.output()).isEqualTo("Timed out (2s) running check\n\nstarted\n");
        List<Long> tree = Files.readAllLines(pids).stream().map(String::trim).map(Long::parseLong).toList();
        assertThat(tree).hasSize(2);
        for (long pid : tree) {
            // killed, but possibly not reaped yet by whoever inherited it: wait for the exit with a deadline
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isPresent()) {
                p.get().onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aProgramThatCannotStartIsCritical() throws Exception {
        CheckResult r = new ScriptProbe(List.of(dir.resolve("missing").toString()), null, 4096).check();
        assertThat(r.status()).isEqualTo("critical");
        assertThat(r.output()).contains("missing");
    }

    private Path script(String body) throws IOException {
        Path p = Files.createTempFile(dir, "check", ".sh");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
