package io.proconsul.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.local.CheckDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runners end to end: scheduling, counting, TTLs, stop and replace, with real scripts. */
class CheckRunnersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration FAST = Duration.ofMillis(50);

    @TempDir
    Path dir;

    /** A floor of 10 ms instead of Consul's 1 s, so that a run of probes takes a fraction of a second. */
    private final CheckRunners runners = new CheckRunners(4096, Duration.ofMillis(10));
    private final Updates updates = new Updates();

    @AfterEach
    void close() {
        runners.close();
    }

    @Test
    void ttlCheckExpiresToCriticalAndUpdatesRearmIt() throws Exception {
        runners.start("web-ttl", Definitions.ttl(Duration.ofMillis(300)), updates);
        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("web-ttl", "critical", "TTL expired"));

        TtlCheck ttl = runners.ttl("web-ttl").orElseThrow();
        assertThat(ttl.update("passing", "all good")).isEqualTo("all good");
        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("web-ttl", "passing", "all good"));
        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("web-ttl", "critical",
                "TTL expired (last output before timeout follows): all good"));
    }

    @Test
    void ttlOutputIsCutToTheLimit() throws Exception {
        try (CheckRunners small = new CheckRunners(4)) {
            small.start("t", Definitions.ttl(Duration.ofMinutes(5)), updates);
            assertThat(small.ttl("t").orElseThrow().update("warning", "abcdefgh"))
                    .isEqualTo("abcd ... (captured 4 of 8 bytes)");
            assertThat(updates.next(WAIT).output()).isEqualTo("abcd ... (captured 4 of 8 bytes)");
        }
    }

    @Test
    void onlyTtlChecksHaveATtlHandle() throws Exception {
        runners.start("s", Definitions.script(List.of(script("exit 0").toString()), Duration.ofMinutes(5), null),
                updates);
        assertThat(runners.ttl("s")).isEmpty();
        assertThat(runners.ttl("unknown")).isEqualTo(Optional.empty());
    }

    @Test
    void failuresBeforeCriticalHoldsBackFlipsUntilTheRunIsLongEnough() throws Exception {
        // exit codes in turn: pass, fail, fail, fail, pass, then pass forever
        Path script = sequence(0, 2, 2, 2, 0);
        runners.start("seq", Definitions.counted(List.of(script.toString()), FAST, null, 0, 3), updates);

        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("seq", "passing", "exit 0\n"));
        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("seq", "critical", "exit 2\n"));
        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("seq", "passing", "exit 0\n"));
    }

    @Test
    void successBeforePassingHoldsBackRecovery() throws Exception {
        // fail, warn (held), warn (reported as warning), pass, fail (reported at once)
        Path script = sequence(2, 1, 1, 0, 2);
        runners.start("seq", Definitions.counted(List.of(script.toString()), FAST, null, 2, 0), updates);

        assertThat(updates.next(WAIT).status()).isEqualTo("critical");
        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("seq", "warning", "exit 1\n"));
        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("seq", "passing", "exit 0\n"));
        assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("seq", "critical", "exit 2\n"));
    }

    @Test
    void aHungScriptDoesNotHoldUpOtherChecksAndStopKillsIt() throws Exception {
        Path pid = dir.resolve("hung.pid");
        Path hung = script("echo $$ > " + pid + ".tmp; mv " + pid + ".tmp " + pid + "; exec sleep 300");
        Updates hungUpdates = new Updates();
        runners.start("hung", Definitions.script(List.of(hung.toString()), FAST, Duration.ofMinutes(5)),
                hungUpdates);
        Path ok = script("echo fine");
        runners.start("ok", Definitions.script(List.of(ok.toString()), FAST, null), updates);

        for (int i = 0; i < 3; i++) {
            assertThat(updates.next(WAIT)).isEqualTo(new Updates.Update("ok", "passing", "fine\n"));
        }
        long hungPid = waitForPid(pid);
        runners.stop("hung");
        assertThat(runners.isRunning("hung")).isFalse();
        ProcessHandle handle = ProcessHandle.of(hungPid).orElse(null);
        if (handle != null) {
            handle.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        hungUpdates.none(Duration.ofMillis(200));
    }

    @Test
    void stopEndsUpdatesAndStartReplaces() throws Exception {
        runners.start("c", Definitions.script(List.of(script("echo one").toString()), FAST, null), updates);
        assertThat(updates.next(WAIT).output()).isEqualTo("one\n");

        runners.start("c", Definitions.script(List.of(script("echo two").toString()), FAST, null), updates);
        // at most one probe of the old definition may already have been under way
        Updates.Update u = updates.next(WAIT);
        if (u.output().equals("one\n")) {
            u = updates.next(WAIT);
        }
        assertThat(u.output()).isEqualTo("two\n");

        runners.stop("c");
        runners.stop("c");
        updates.none(Duration.ofMillis(300));
    }

    @Test
    void aListenerThatThrowsDoesNotEndTheSchedule() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        runners.start("c", Definitions.script(List.of(script("echo x").toString()), FAST, null), (id, s, o) -> {
            updates.update(id, s, o);
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("listener bug");
            }
        });
        updates.next(WAIT);
        updates.next(WAIT);
    }

    @Test
    void closeKillsARunningScript() throws Exception {
        Path pid = dir.resolve("hung.pid");
        Path hung = script("echo $$ > " + pid + ".tmp; mv " + pid + ".tmp " + pid + "; exec sleep 300");
        runners.start("hung", Definitions.script(List.of(hung.toString()), FAST, Duration.ofMinutes(5)), updates);
        long hungPid = waitForPid(pid);
        runners.close();
        ProcessHandle handle = ProcessHandle.of(hungPid).orElse(null);
        if (handle != null) {
            handle.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        updates.none(Duration.ofMillis(200));
    }

    @Test
    void grpcChecksSayTheyAreNotSupported() throws Exception {
        CheckDefinition grpc = new CheckDefinition("g", "g", "", "", List.of(), "", "", Map.of(), "", false, "",
                "127.0.0.1:1/svc", false, null, FAST, null, "", 0, 0, null);
        runners.start("g", grpc, updates);
        assertThat(updates.next(WAIT))
                .isEqualTo(new Updates.Update("g", "critical", "grpc checks are not supported by this agent"));
    }

    @Test
    void rejectsDefinitionsItCannotRun() {
        CheckDefinition none = Definitions.script(List.of(), FAST, null);
        assertThrows(IllegalArgumentException.class, () -> runners.start("x", none, updates));
        CheckDefinition noInterval = Definitions.tcp("127.0.0.1:1", null);
        assertThrows(IllegalArgumentException.class, () -> runners.start("x", noInterval, updates));
        runners.close();
        CheckDefinition ttl = Definitions.ttl(Duration.ofSeconds(1));
        assertThrows(IllegalStateException.class, () -> runners.start("x", ttl, updates));
    }

    /** A script that exits with the given codes in turn (then with the last one), printing each. */
    private Path sequence(int... codes) throws IOException {
        Path state = dir.resolve("codes");
        StringBuilder lines = new StringBuilder();
        for (int c : codes) {
            lines.append(c).append('\n');
        }
        Files.writeString(state, lines.toString());
        return script("code=$(head -n 1 " + state + "); n=$(wc -l < " + state + "); "
                + "if [ \"$n\" -gt 1 ]; then tail -n +2 " + state + " > " + state + ".next; mv " + state + ".next "
                + state + "; fi; echo exit $code; exit $code");
    }

    private Path script(String body) throws IOException {
        Path p = Files.createTempFile(dir, "check", ".sh");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static long waitForPid(Path pid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(pid)) {
            assertThat(System.nanoTime()).as("script wrote its pid").isLessThan(deadline);
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(pid).trim());
    }
}
