package io.proconsul.cli.command.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code consul exec}'s checks before it talks to any agent, and its output format, with Consul's texts. */
class ExecCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no command|exec|Must specify a command to execute",
        "stdin without a shell|exec -shell=false -|Cannot configure -shell=false when reading from stdin",
        "bad node regexp|exec -node=( uptime|Failed to compile node filter regexp: ",
        "bad tag regexp|exec -service=web -tag=* uptime|Failed to compile tag filter regexp: ",
        "tag without service|exec -tag=v1 uptime|Cannot provide tag filter without service filter.",
    })
    void badInvocationsExit1WithConsulsMessage(String what, String args, String message) {
        CliRun r = CliRun.run(args.split(" "));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).startsWith(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anEmptyScriptOnStdinIsNoCommand() {
        CliRun r = CliRun.withStdin(new byte[0], "exec", "-");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Must specify a command to execute");
    }

    @Test
    void anUnreachableAgentIsReportedAsConsulDoes() {
        CliRun r = CliRun.withStdin("echo hi".getBytes(StandardCharsets.UTF_8), "exec",
                "-http-addr=" + CliRun.closedAddress(), "-");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error querying Consul agent: ");
    }

    @Test
    void outputLinesAreIndentedUnderTheNodeAndInfoLinesGetAnArrow() {
        // As Consul's TargetedUI: output ending in a newline leaves a last, empty "    web-1:" line.
        assertThat(ExecMonitor.targeted(false, "web-1", "line one\nline two\n"))
                .isEqualTo("    web-1: line one\n    web-1: line two\n    web-1:");
        assertThat(ExecMonitor.targeted(false, "web-1", "no newline")).isEqualTo("    web-1: no newline");
        assertThat(ExecMonitor.targeted(true, "web-1", "finished with exit code 0"))
                .isEqualTo("==> web-1: finished with exit code 0");
    }

    @Test
    void thePrefixAndSessionAreJoinedAsGoPathJoinDoes() {
        assertThat(ExecCommand.join("_rexec", "abc")).isEqualTo("_rexec/abc");
        assertThat(ExecCommand.join("/custom/", "abc")).isEqualTo("custom/abc");
    }
}
