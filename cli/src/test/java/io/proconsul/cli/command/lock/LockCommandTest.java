package io.proconsul.cli.command.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.ConsulCommand;
import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code consul lock} flag validation with Consul's texts, before any agent is contacted. */
class LockCommandTest {

    private static final String DEAD = "-http-addr=" + CliRun.closedAddress();

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "-n=0            | Lock holder limit must be positive",
        "-n=-2           | Lock holder limit must be positive",
        "-monitor-retry=-1 | Number for 'monitor-retry' must be >= 0",
        "-timeout=-1s    | Timeout must be positive"})
    void badFlags(String flag, String message) {
        CliRun run = CliRun.run("lock", DEAD, flag, "prefix", "true");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo(message + "\n");
    }

    @ParameterizedTest
    @CsvSource({"'', true", "-shell, true", "-shell=true, true", "-shell=false, false", "-shell=0, false"})
    void shellFlagIsAGoBooleanDefaultingToTrue(String flag, boolean shell) {
        String[] args = flag.isEmpty() ? new String[] {"lock", "prefix", "child"}
                : new String[] {"lock", flag, "prefix", "child"};
        LockCommand lock = ConsulCommand.commandLine().parseArgs(args).subcommand().commandSpec().commandLine()
                .getCommand();
        assertThat(lock.shell).isEqualTo(shell);
    }

    @Test
    void prefixAndChildAreRequired() {
        CliRun run = CliRun.run("lock", DEAD, "prefix");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Key prefix and child command must be specified\n");
    }

    @Test
    void unparsableDurationIsAFlagError() {
        CliRun run = CliRun.run("lock", DEAD, "-timeout=soon", "prefix", "true");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("-timeout").contains("soon");
    }

    @Test
    void unreachableAgent() {
        CliRun run = CliRun.run("lock", DEAD, "prefix", "true");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error querying Consul agent: Get \"http://127.0.0.1:")
                .contains("connection refused");
    }

    @Test
    void joinIsGoPathJoin() {
        assertThat(LockCommand.join("a/b/", ".lock")).isEqualTo("a/b/.lock");
        assertThat(LockCommand.join("", ".lock")).isEqualTo(".lock");
        assertThat(LockCommand.join("a", "sid")).isEqualTo("a/sid");
    }
}
