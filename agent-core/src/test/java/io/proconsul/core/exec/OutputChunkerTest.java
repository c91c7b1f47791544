package io.proconsul.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Consul's rexecWriter rules: 4 KiB chunks, a partial chunk after 500 ms without output, and on flush. */
class OutputChunkerTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<byte[]> chunks = new CopyOnWriteArrayList<>();
    private final OutputChunker chunker = new OutputChunker(chunks::add, timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void fullChunksGoAtOnceAndTheRestOnFlush() {
        byte[] big = new byte[OutputChunker.CHUNK * 2 + 10];
        chunker.write(big, 0, big.length);
        assertThat(chunks).extracting(c -> c.length).containsExactly(OutputChunker.CHUNK, OutputChunker.CHUNK);
        chunker.flush();
        assertThat(chunks).extracting(c -> c.length).containsExactly(OutputChunker.CHUNK, OutputChunker.CHUNK, 10);
        chunker.flush();
        assertThat(chunks).as("nothing buffered, nothing sent").hasSize(3);
    }

    @Test
    void aPartialChunkGoesAfterTheIdleDeadline() throws Exception {
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        chunker.write(hello, 0, hello.length);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (chunks.isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(new String(chunks.get(0), StandardCharsets.UTF_8)).isEqualTo("hello\n");
    }

    @Test
    void keysAreJoinedAsGoPathJoinDoes() {
        assertThat(RemoteExecKeys.join("_rexec", "s1", "node", "out/00000")).isEqualTo("_rexec/s1/node/out/00000");
        assertThat(RemoteExecKeys.join("/a//b/", "c/", "ack")).isEqualTo("a/b/c/ack");
    }
}
