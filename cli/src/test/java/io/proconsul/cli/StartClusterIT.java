package io.proconsul.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.Eventually;
import io.proconsul.cli.testing.AgentProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config-samples/local-cluster/start-cluster.sh} as an operator runs it: {@code start} forms a
 * datacenter of three servers and a client (on 127.0.0.6-9 here, out of the way of the default range),
 * {@code status} lists the four alive members, the client's {@code web} service from {@code web.hcl} is in
 * the catalog ({@code catalog services}, {@code catalog nodes}), {@code stop} ends exactly the processes it
 * started.
 */
class StartClusterIT {

    private static final Path SCRIPT = Path.of("..", "config-samples", "local-cluster", "start-cluster.sh");

    @TempDir
    Path work;

    private final List<Long> pids = new ArrayList<>();

    private record Result(int exit, String output) {}

    private Result script(String verb) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), verb).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAR", AgentProcess.jar().toString());
        env.put("IPS", "127.0.0.6 127.0.0.7 127.0.0.8 127.0.0.9");
        env.put("WORK", work.resolve("cluster").toString());
        env.put("TMPDIR", work.toString());
        env.put("TIMEOUT", "240");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(out).isTrue();
        return new Result(p.exitValue(), out);
    }

    @AfterEach
    void killLeftovers() {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void startsFourAgentsAndStopsThem() throws Exception {
        Result start = script("start");
        assertThat(start.exit()).as(start.output()).isZero();
        try (Stream<Path> files = Files.list(work.resolve("cluster"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(f).strip()));
            }
        }
        assertThat(pids).hasSize(4);
        assertThat(start.output()).contains("leader: \"127.0.0.");

        Result status = script("status");
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output().lines().filter(l -> l.endsWith(" alive")))
                .extracting(l -> l.split(" ")[0])
                .containsExactlyInAnyOrder("server-1", "server-2", "server-3", "client-1");

        // web.hcl's service, registered by the client from its config file, is in the datacenter's catalog.
        String client = "-http-addr=127.0.0.9:8500";
        Eventually.within(Duration.ofSeconds(60), () -> {
            CliRun services = CliRun.run("catalog", "services", client, "-tags");
            assertThat(services.out()).as(services.toString()).containsPattern("(?m)^web +v1$");
        });
        CliRun nodes = CliRun.run("catalog", "nodes", client);
        assertThat(nodes.out().lines().skip(1).map(l -> l.split(" +")[0]))
                .containsExactlyInAnyOrder("server-1", "server-2", "server-3", "client-1");

        Result stop = script("stop");
        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("stopped 4 agent(s)");
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
        }
    }
}
