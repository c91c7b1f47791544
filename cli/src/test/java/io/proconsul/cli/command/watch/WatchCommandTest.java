package io.proconsul.cli.command.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.watch.WatchPlan;
import io.proconsul.core.GoDuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code consul watch} flag validation: Consul's texts and exit 1, before any agent is contacted. */
class WatchCommandTest {

    @Test
    void typeIsRequired() {
        CliRun run = CliRun.run("watch", "-key=foo");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Watch type must be specified\n\n").contains("consul watch [options]");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-type=key                          | Must specify a single key to watch",
        "-type=keyprefix                    | Must specify a single prefix to watch",
        "-type=service                      | Must specify a single service to watch",
        "-type=checks -service=a -state=any | Cannot specify service and state",
        "-type=bogus                        | Unsupported watch type: bogus",
        "-type=event -stale                 | Invalid parameters: [stale]",
        "-type=key -key=a -prefix=b -name=c | Invalid parameters: [name prefix]",
        "-type=key -key=a -filter=x         | Invalid parameters: [filter]",
        "-type=service -service=a -passingonly=maybe "
                + "| Failed to parse passingonly flag: strconv.ParseBool: parsing \"maybe\": invalid syntax",
        "-type=connect_roots                | Type connect_roots is not supported in the CLI tool",
        "-type=agent_service                | Type agent_service is not supported in the CLI tool",
    })
    void refusedSpecifications(String flags, String message) {
        String[] args = ("watch -http-addr=" + CliRun.closedAddress() + " " + flags).split(" ");
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo(message + "\n");
    }

    @Test
    void unreachableAgentIsReportedBeforeWatching() {
        String addr = CliRun.closedAddress();
        CliRun run = CliRun.run("watch", "-http-addr=" + addr, "-type=nodes");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error querying Consul agent: Get \"http://" + addr
                + "/v1/status/leader\": dial tcp " + addr + ": connect: connection refused\n");
    }

    @Test
    void goDurationsAsConsulLogsThem() {
        assertThat(GoDuration.format(WatchPlan.backoff(WatchPlan.RETRY_INTERVAL, 1))).isEqualTo("5s");
        assertThat(GoDuration.format(WatchPlan.backoff(WatchPlan.RETRY_INTERVAL, 4))).isEqualTo("1m20s");
        assertThat(GoDuration.format(WatchPlan.backoff(WatchPlan.RETRY_INTERVAL, 9))).isEqualTo("3m0s");
        assertThat(GoDuration.format(java.time.Duration.ofMillis(200))).isEqualTo("200ms");
    }
}
