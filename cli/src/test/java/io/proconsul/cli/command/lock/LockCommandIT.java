package io.proconsul.cli.command.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.ConsulCommand;
import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code consul lock} against a real agent: the child runs while the lock is held (and sees
 * {@code CONSUL_LOCK_HELD=true}), a second {@code lock -timeout} gives up with Consul's text, the lock is
 * released and cleaned up when the child exits, a shutdown kills the child and releases, and
 * {@code -child-exit-code} turns a failed child into exit 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockCommandIT {

    private LockAgent agent;
    private String addr;

    @BeforeAll
    void start() throws Exception {
        agent = new LockAgent();
        addr = "-http-addr=" + agent.agent.httpAddr();
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void childRunsHoldingTheLockAndTheLockIsReleasedWhenItExits(@TempDir Path tmp) throws Exception {
        Path started = tmp.resolve("started");
        Path done = tmp.resolve("done");
        String script = "echo $CONSUL_LOCK_HELD > " + started + "; while [ ! -f " + done + " ]; do sleep 0.05; done";
        CompletableFuture<Integer> holder = CompletableFuture.supplyAsync(
                () -> ConsulCommand.commandLine().execute("lock", addr, "jobs/nightly", script));
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(started).hasContent("true"));
        assertThat(agent.kv.get("jobs/nightly/.lock").orElseThrow().session()).isNotEmpty();

        CliRun second = CliRun.run("lock", addr, "-timeout=500ms", "jobs/nightly", "echo never");
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
        assertThat(second.stderr()).isEqualTo("Shutdown triggered or timeout during lock acquisition\n");
        assertThat(second.out()).isEmpty();

        Files.writeString(done, "");
        assertThat(holder.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(agent.kv.get("jobs/nightly/.lock")).as("cleaned up after release").isEmpty();
    }

    @Test
    void verboseRunTellsEachStep(@TempDir Path tmp) {
        CliRun run = CliRun.run("lock", addr, "-verbose", "-name=backup", "jobs/verbose", "true");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("Setting up lock at path: jobs/verbose/.lock\n"
                + "Attempting lock acquisition\nStarting handler\nChild terminated, releasing lock\n"
                + "Cleanup succeeded\n");
    }

    @Test
    void childExitCodeIsTwoOnlyWhenAsked() {
        CliRun asked = CliRun.run("lock", addr, "-child-exit-code", "jobs/fail", "exit 3");
        assertThat(asked.exitCode()).as(asked.toString()).isEqualTo(2);
        assertThat(asked.stderr()).isEqualTo("Error running handler: exit status 3\n");
        CliRun notAsked = CliRun.run("lock", addr, "jobs/fail", "exit 3");
        assertThat(notAsked.exitCode()).as(notAsked.toString()).isZero();
    }

    @Test
    void noShellRunsTheProgramItself(@TempDir Path tmp) throws Exception {
        // A shell would expand the unset variable to nothing and touch "out" instead.
        Path out = tmp.resolve("out$PROCONSUL_UNSET");
        CliRun run = CliRun.run("lock", addr, "-shell=false", "jobs/exec", "touch", out.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(out).exists();
        assertThat(tmp.resolve("out")).doesNotExist();

        CliRun shell = CliRun.run("lock", addr, "jobs/exec", "touch", out.toString());
        assertThat(shell.exitCode()).as(shell.toString()).isZero();
        assertThat(tmp.resolve("out")).as("the default runs a shell").exists();
    }

    @Test
    void shutdownKillsTheChildAndReleases(@TempDir Path tmp) throws Exception {
        Path started = tmp.resolve("started");
        LockCommand command = new LockCommand();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> new CommandLine(command)
                .execute(addr, "jobs/stop", "touch " + started + "; exec sleep 60"));
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(started).exists());
        command.shutdown();
        assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(agent.kv.get("jobs/stop/.lock")).isEmpty();
    }

    @Test
    void semaphoreThroughTheCommand(@TempDir Path tmp) throws Exception {
        CliRun run = CliRun.run("lock", addr, "-n=2", "-verbose", "jobs/pool", "true");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Setting up semaphore (limit 2) at prefix: jobs/pool\n")
                .endsWith("Cleanup succeeded\n");
        assertThat(agent.kv.list("jobs/pool/")).isEmpty();
    }
}
