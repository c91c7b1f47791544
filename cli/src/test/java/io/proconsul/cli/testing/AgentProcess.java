package io.proconsul.cli.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code agent.jar} in a child process, for tests that must kill an agent for real. Output
 * (stdout and stderr) goes to a file so a failing test can show it.
 *
 * <p>The jar is {@code cli/target/agent.jar}, passed by failsafe as the {@code agent.jar} system
 * property; the suite runs in {@code verify}, after {@code package} built it.
 */
public final class AgentProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path output;

    private AgentProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code java -jar agent.jar <args>}. */
    public static AgentProcess start(Path outputFile, String... args) throws IOException {
        return start(outputFile, List.of(), args);
    }

    /** Starts {@code java <jvmArgs> -jar agent.jar <args>}. */
    public static AgentProcess start(Path outputFile, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseParallelGC");
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
                .start();
        return new AgentProcess(p, outputFile);
    }

    public static Path jar() {
        String path = System.getProperty("agent.jar", "target/agent.jar");
        Path jar = Path.of(path).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn package` (or `mvn verify`) first");
        }
        return jar;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed, as when a machine loses power to the JVM. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("agent still running after " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    /** Polls {@code /v1/status/leader} until it names a leader. */
    public void awaitLeader(int httpPort, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/v1/status/leader");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("agent exited with " + process.exitValue() + "; output:\n" + output());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().length() > 2) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no leader within " + timeout + "; output:\n" + output());
    }

    /** SIGTERM and wait; then SIGKILL if it did not stop. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }
}
