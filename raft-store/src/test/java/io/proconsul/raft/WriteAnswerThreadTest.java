package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On which thread a write's answer reaches its caller (a real single-peer store): a caller on a Netty
 * event loop (the HTTP server) gets it on that loop, with no hand-off through the store's executor; any
 * other caller on the store's executor, never on the Ratis thread that applied the write.
 */
class WriteAnswerThreadTest {

    @TempDir
    Path dir;

    private InProcessEventBus bus;
    private RaftStore store;
    private EventLoop loop;

    @BeforeEach
    void start() throws Exception {
        bus = new InProcessEventBus();
        store = new RaftStore(TestConfigs.dev(dir), bus);
        store.start();
        loop = new DefaultEventLoop();
        Poll.until(Duration.ofSeconds(5), () -> assertThat(store.leader()).isPresent());
    }

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        store.close();
        bus.close();
    }

    @Test
    void aWriteFromAnEventLoopIsAnsweredOnThatLoop() throws Exception {
        for (int i = 0; i < 5; i++) {
            String key = "loop/" + i;
            CompletableFuture<Boolean> onLoop = loop.submit(() -> store.apply(put(key))
                    .thenApply(ok -> ok && loop.inEventLoop())).get(5, TimeUnit.SECONDS);
            assertThat(onLoop.get(5, TimeUnit.SECONDS)).as("answered on the caller's loop").isTrue();
        }
    }

    @Test
    void aWriteFromAnyOtherThreadIsAnsweredOnTheStoreExecutor() throws Exception {
        int seen = 0;
        for (int i = 0; i < 5; i++) {
            CompletableFuture<Boolean> f = store.apply(put("plain/" + i));
            // A stage added to a future already complete runs on the adding thread: nothing to check then.
            boolean early = f.isDone();
            String thread = f.thenApply(ok -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
            if (!early) {
                assertThat(thread).startsWith("raft-store-");
                seen++;
            }
        }
        assertThat(seen).isPositive();
    }

    private static KvApply put(String key) {
        return new KvApply(KvOp.set(key, "v".getBytes(StandardCharsets.UTF_8), 0));
    }
}
