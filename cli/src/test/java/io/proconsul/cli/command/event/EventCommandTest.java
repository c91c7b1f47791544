package io.proconsul.cli.command.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code consul event}'s checks before it talks to any agent, with Consul's messages and exit code 1. */
class EventCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no name|event|Event name must be specified",
        "bad node regexp|event -name=x -node=(|Failed to compile node filter regexp: ",
        "bad service regexp|event -name=x -service=[|Failed to compile service filter regexp: ",
        "bad tag regexp|event -name=x -service=web -tag=*|Failed to compile tag filter regexp: ",
        "tag without service|event -name=x -tag=v1|Cannot provide tag filter without service filter.",
        "two payloads|event -name=x a b|Too many command line arguments.",
    })
    void badInvocationsExit1WithConsulsMessage(String what, String args, String message) {
        CliRun r = CliRun.run(args.split(" "));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnreachableAgentIsReportedAsConsulDoes() {
        CliRun r = CliRun.run("event", "-name=x", "-http-addr=" + CliRun.closedAddress());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error querying Consul agent: ");
    }
}
