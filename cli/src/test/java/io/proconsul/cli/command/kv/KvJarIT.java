package io.proconsul.cli.command.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.testing.AgentProcess;
import io.proconsul.cli.testing.TestAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code java -jar agent.jar kv ...} and {@code version} in a child process, as a script runs them: the
 * agent found through {@code CONSUL_HTTP_ADDR}, data piped on stdin, real exit codes, stdout and stderr
 * kept apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KvJarIT {

    private TestAgent agent;

    /** One finished process. */
    record Result(int exitCode, String stdout, String stderr) {}

    @BeforeAll
    void start() throws Exception {
        agent = TestAgent.start();
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private Result jar(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-jar", AgentProcess.jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CONSUL_HTTP_ADDR", "http://" + agent.httpAddr());
        pb.environment().remove("CONSUL_HTTP_TOKEN");
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p, false));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p, true));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("agent.jar %s finished", args).isTrue();
        return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(Process p, boolean stderr) {
        try {
            return (stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void putFromStdinThenGetThroughTheEnvironmentAddress() throws Exception {
        Result put = jar("abcd1234\n", "kv", "put", "jar/license", "-");
        assertThat(put).isEqualTo(new Result(0, "Success! Data written to: jar/license\n", ""));
        Result get = jar("", "kv", "get", "jar/license");
        assertThat(get).isEqualTo(new Result(0, "abcd1234\n\n", ""));
    }

    @Test
    void missingKeyExitsOneWithTheMessageOnStderr() throws Exception {
        Result get = jar("", "kv", "get", "jar/missing");
        assertThat(get).isEqualTo(new Result(1, "", "Error! No key exists at: jar/missing\n"));
    }

    @Test
    void usageErrorExitsOne() throws Exception {
        Result bad = jar("", "kv", "delete", "-modify-index=5", "jar/x");
        assertThat(bad).isEqualTo(new Result(1, "", "Cannot specify -modify-index without -cas!\n"));
    }

    @Test
    void versionPrintsConsulsLayout() throws Exception {
        Result version = jar("", "version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("Consul v1.20.0\nRevision proconsul-0.1.0\nBuild Date ")
                .contains("\nProtocol 2 spoken by default, understands 1 to 5");
    }
}
