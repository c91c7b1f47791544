package io.proconsul.cli.command.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.testing.AgentProcess;
import io.proconsul.cli.testing.TestAgent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client agent started from the real jar, as operators start it: its start-up footprint work is in
 * effect. The Netty properties were set before Netty loaded (no pooling allocator class is loaded), and the
 * idle reclaim ran the JVM's native heap trim from inside the process, which needs the jar manifest's
 * {@code Add-Opens}; the heap tuning ran through the same diagnostic commands, without the platform MXBeans,
 * and no other command's model was built. It reaches its servers without a Raft client: no Ratis class is
 * loaded. The agent still answers afterwards.
 */
class ClientFootprintIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    void idleClientAgentTrimsItsNativeHeapAndLoadsNoPoolingOrJfrClasses() throws Exception {
        int http = TestAgent.freePort();
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("client.log"), "agent", "-node=footprint-client",
                "-bind=127.0.0.1", "-client=127.0.0.1", "-data-dir=" + tmp.resolve("data"), "-log-level=debug",
                "-http-port=" + http, "-serf-lan-port=" + TestAgent.freePort(), "-dns-port=-1")) {
            URI self = URI.create("http://127.0.0.1:" + http + "/v1/agent/self");
            await(Duration.ofSeconds(30), agent, () -> status(self) == 200, "HTTP API up");
            // IdleReclaim's first settle point is 15 s after start; its trim logs the JVM's report at debug.
            await(Duration.ofSeconds(45), agent, () -> agent.output().contains("Trim native heap: RSS+Swap:"),
                    "the first native heap trim");

            String classes = jcmd(agent.pid(), "VM.class_hierarchy");
            assertThat(classes).contains("io.netty.buffer.UnpooledByteBufAllocator")
                    .doesNotContain("io.netty.buffer.AdaptivePoolingAllocator")
                    .doesNotContain("io.netty.buffer.PoolArena")
                    // A client agent reaches its servers over their client RPC listener: no Raft client.
                    .doesNotContain("org.apache.ratis")
                    // The agent's process builds no other command's model (Main.agentOnly).
                    .doesNotContain("io.proconsul.cli.command.kv.")
                    .doesNotContain("io.proconsul.cli.command.catalog.")
                    // HeapTuning and IdleReclaim go through JvmCommands, not the platform MXBeans.
                    .doesNotContain("com.sun.management.internal.HotSpotDiagnostic")
                    .doesNotContain("sun.management.RuntimeImpl")
                    .doesNotContain("sun.management.GarbageCollectorImpl")
                    // NettyProperties leaves the native transport off: HTTP runs on NIO as the rest does.
                    .doesNotContain("io.netty.channel.epoll.EpollIoHandler");
            // ... and HeapTuning's free ratios are set all the same.
            assertThat(jcmd(agent.pid(), "VM.flags")).contains("-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10");
            assertThat(jcmd(agent.pid(), "Thread.print")).contains("\"idle-reclaim\"");
            assertThat(status(self)).isEqualTo(200);
        }
    }

    private static int status(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("jcmd %s: %s", command, out).isZero();
        return out;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Duration timeout, AgentProcess agent, Condition condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (!agent.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "; agent output:\n" + agent.output());
            }
            Thread.sleep(100);
        }
    }
}
