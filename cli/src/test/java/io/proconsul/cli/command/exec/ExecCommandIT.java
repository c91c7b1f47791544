package io.proconsul.cli.command.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.command.agent.AgentRuntime;
import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.Eventually;
import io.proconsul.cli.testing.TestAgent;
import io.proconsul.core.config.AgentConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consul exec} against real agents assembled as the agent command assembles them ({@link AgentRuntime})
 * on 127.0.0.135-138: a server and two clients with {@code disable_remote_exec = false}, and a client left at
 * Consul's default (disabled), which never acknowledges. Output, exit codes, filters, scripts from stdin,
 * {@code -shell=false}, and the cleanup of the job's keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class ExecCommandIT {

    private static final Duration FORM = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ENABLED = List.of("rx-server", "rx-client-1", "rx-client-2");

    private final List<AgentRuntime> agents = new ArrayList<>();

    @BeforeAll
    void form(@TempDir Path tmp) throws Exception {
        int serf = TestAgent.freePort();
        for (int i = 0; i < 4; i++) {
            AgentRuntime a = AgentRuntime.create(config(tmp, i, serf).withDisableRemoteExec(i == 3));
            agents.add(a);
            a.start();
        }
        Eventually.within(FORM, () -> {
            String nodes = get("/v1/catalog/nodes");
            for (String n : List.of("rx-server", "rx-client-1", "rx-client-2", "rx-off")) {
                assertThat(nodes).contains("\"" + n + "\"");
            }
            for (AgentRuntime a : agents) {
                assertThat(a.lan().members().stream().filter(m -> m.status().name().equals("ALIVE")).count())
                        .as("alive members seen by %s", a.config().nodeName()).isEqualTo(4);
            }
        });
    }

    private static AgentConfig config(Path tmp, int i, int serfPort) {
        String ip = "127.0.0." + (135 + i);
        String name = i == 3 ? "rx-off" : i == 0 ? "rx-server" : "rx-client-" + i;
        return new AgentConfig(name, UUID.randomUUID().toString(), "dc1", "dc1", tmp.resolve(name).toString(),
                i == 0, i == 0, 0, false, ip, List.of(ip), "", AgentConfig.Addresses.NONE,
                new AgentConfig.Ports(-1, 0, -1, -1, serfPort, TestAgent.freePort(), TestAgent.freePort()),
                "INFO", "", false, AgentConfig.Limits.DEFAULTS, "consul.", List.of(),
                i == 0 ? List.of() : List.of("127.0.0.135:" + serfPort), Duration.ofSeconds(1), 0, false, Map.of(),
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
    }

    @AfterAll
    void stop() {
        agents.forEach(AgentRuntime::close);
    }

    private String get(String path) throws Exception {
        AgentRuntime s = agents.get(0);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + s.config().bindAddr() + ":"
                + s.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private CliRun exec(AgentRuntime via, byte[] stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("exec", "-http-addr=" + via.config().bindAddr() + ":"
                + via.httpPort(), "-wait=1s"));
        all.addAll(List.of(args));
        return CliRun.withStdin(stdin, all.toArray(String[]::new));
    }

    @Test
    void aCommandRunsOnEveryEnabledNodeAndItsKeysAreCleanedUp() throws Exception {
        CliRun r = exec(agents.get(1), new byte[0], "echo", "hello", "from", "$0");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        for (String node : ENABLED) {
            assertThat(r.out()).contains("    " + node + ": hello from ")
                    .contains("==> " + node + ": finished with exit code 0\n");
        }
        assertThat(r.out()).doesNotContain("rx-off").endsWith("3 / 3 node(s) completed / acknowledged\n");
        Eventually.within(Duration.ofSeconds(10), () -> assertThat(get("/v1/kv/_rexec?recurse")).startsWith("404"));
    }

    @Test
    void aFailingNodeMakesTheExitCode2() throws Exception {
        CliRun r = exec(agents.get(0), new byte[0], "-node=^rx-client-2$", "-verbose", "echo out; echo err >&2; exit 3");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("Created remote execution session: ", "Uploaded remote execution spec",
                "Fired remote execution event: ", "==> rx-client-2: acknowledged", "    rx-client-2: out",
                "    rx-client-2: err", "==> rx-client-2: finished with exit code 3",
                "1 / 1 node(s) completed / acknowledged", "Completed in ");
        assertThat(r.out()).doesNotContain("rx-server:", "rx-client-1:");
    }

    @Test
    void aScriptFromStdinAndArgumentsWithoutAShell() throws Exception {
        CliRun script = exec(agents.get(2), "echo line1\necho line2\n".getBytes(StandardCharsets.UTF_8),
                "-node=rx-client-1", "-");
        assertThat(script.exitCode()).as(script.toString()).isZero();
        assertThat(script.out()).contains("    rx-client-1: line1\n    rx-client-1: line2\n")
                .endsWith("1 / 1 node(s) completed / acknowledged\n");

        CliRun noShell = exec(agents.get(2), new byte[0], "-shell=false", "-node=rx-server", "echo", "$HOME");
        assertThat(noShell.exitCode()).as(noShell.toString()).isZero();
        assertThat(noShell.out()).as("no shell expanded $HOME").contains("    rx-server: $HOME\n");
    }

    @Test
    void heartbeatsKeepASilentJobAliveLongerThanTheQuietWait() throws Exception {
        // -wait=1s: without the agent's empty out/ chunks every second the CLI would give up after 2 s.
        CliRun r = exec(agents.get(0), new byte[0], "-node=^rx-server$", "-verbose", "sleep 3.5; echo woke");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("==> rx-server: heartbeat received", "    rx-server: woke",
                "==> rx-server: finished with exit code 0", "1 / 1 node(s) completed / acknowledged");
    }

    @Test
    void noMatchingNodeIsZeroOfZero() throws Exception {
        CliRun r = exec(agents.get(0), new byte[0], "-node=^nobody$", "true");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("0 / 0 node(s) completed / acknowledged\n");
    }
}
