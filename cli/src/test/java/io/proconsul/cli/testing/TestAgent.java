package io.proconsul.cli.testing;

import io.proconsul.cli.command.agent.AgentRuntime;
import io.proconsul.core.config.AgentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real agent in this JVM for tests: a single-server datacenter that elects itself, with a Raft store in
 * a temporary data dir and the HTTP API on an ephemeral port of 127.0.0.1. Close it to stop the agent and
 * delete its data.
 *
 * <pre>{@code
 * try (TestAgent agent = TestAgent.start()) {
 *     Main.run("kv", "put", "-http-addr=" + agent.httpAddr(), "foo", "bar");
 * }
 * }</pre>
 */
public final class TestAgent implements AutoCloseable {

    private final Path dataDir;
    private final AgentRuntime runtime;

    private TestAgent(Path dataDir, AgentRuntime runtime) {
        this.dataDir = dataDir;
        this.runtime = runtime;
    }

    /** Starts an agent and waits until it has a leader (the HTTP API answers writes). */
    public static TestAgent start() throws Exception {
        Path dir = Files.createTempDirectory("proconsul-test-agent-");
        AgentConfig config = config("node-" + UUID.randomUUID().toString().substring(0, 8), dir);
        AgentRuntime runtime = AgentRuntime.create(config);
        try {
            runtime.start();
            awaitLeader(runtime);
        } catch (Exception | Error e) {
            runtime.close();
            deleteTree(dir);
            throw e;
        }
        return new TestAgent(dir, runtime);
    }

    /** The HTTP address as the CLI's {@code -http-addr} takes it: {@code 127.0.0.1:port}. */
    public String httpAddr() {
        return "127.0.0.1:" + runtime.httpPort();
    }

    /** The base URL of the HTTP API, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + httpAddr();
    }

    public AgentRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        runtime.close();
        deleteTree(dataDir);
    }

    static AgentConfig config(String node, Path dataDir) {
        return new AgentConfig(node, UUID.randomUUID().toString(), "dc1", "dc1", dataDir.toString(), true, true, 0,
                false, "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE,
                new AgentConfig.Ports(-1, 0, -1, -1, -1, -1, freePort()), "INFO", "", false,
                AgentConfig.Limits.DEFAULTS, "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0, false,
                Map.of(), new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
    }

    private static void awaitLeader(AgentRuntime runtime) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (runtime.store().leader().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("test agent elected no leader within 20 s");
            }
            Thread.sleep(10);
        }
    }

    /** A port free at the moment of the call; good enough on loopback in tests. */
    /** Ports handed out in this JVM: the OS may offer a just-closed port again, and two flags must differ. */
    private static final java.util.Set<Integer> ISSUED = new java.util.HashSet<>();

    /**
     * A free port no other call in this JVM handed out. Any port may become a server port, whose client RPC
     * listener defaults to the port + 3, so a port is never handed out when it is 3 above or below one
     * already issued.
     */
    public static synchronized int freePort() {
        for (int i = 0; i < 100; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int port = s.getLocalPort();
                if (!ISSUED.contains(port) && !ISSUED.contains(port - 3) && !ISSUED.contains(port + 3)) {
                    ISSUED.add(port);
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no unissued free port after 100 tries");
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
