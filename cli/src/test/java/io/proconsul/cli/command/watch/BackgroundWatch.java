package io.proconsul.cli.command.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * A {@code consul watch} with a handler that appends its stdin to a file ({@code cat >> file}), running in
 * this JVM on a thread of its own, so a test can change the watched data and see each new result as one
 * more line. Close it to stop the watch as SIGINT would.
 */
final class BackgroundWatch implements AutoCloseable {

    private final WatchCommand command = new WatchCommand();
    private final Path out;
    private final CompletableFuture<Integer> exit;

    private BackgroundWatch(Path out, Duration retryInterval, List<String> flags) {
        this.out = out;
        command.retryInterval = retryInterval;
        List<String> args = new ArrayList<>(flags);
        args.add("cat >> '" + out + "'");
        exit = CompletableFuture.supplyAsync(() -> new CommandLine(command).execute(args.toArray(String[]::new)));
    }

    /** Starts {@code watch <flags> "cat >> <dir>/out"}. */
    static BackgroundWatch start(Path dir, Duration retryInterval, String... flags) {
        return new BackgroundWatch(dir.resolve("out-" + System.nanoTime()), retryInterval, List.of(flags));
    }

    /** The JSON lines the handler received so far. */
    List<String> lines() {
        try {
            return Files.exists(out) ? Files.readAllLines(out) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the handler ran {@code n} times in all, and returns the lines. */
    List<String> awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (lines().size() < n && System.nanoTime() < deadline && !exit.isDone()) {
            Thread.sleep(20);
        }
        assertThat(lines()).as("handler runs (watch exit: %s)", exit.getNow(null)).hasSizeGreaterThanOrEqualTo(n);
        return lines();
    }

    @Override
    public void close() throws Exception {
        command.shutdown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }
}
