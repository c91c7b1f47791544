package io.proconsul.raft.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.proconsul.raft.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client RPC over real loopback sockets: many requests in flight on one connection answered out of
 * order, the failure kinds that say whether a request may have been taken (refused, not taken, no
 * leader, lost, timed out), reconnecting after the server comes back, and a server that talks garbage.
 */
class RpcClientIT {

    private static final Duration LONG = Duration.ofSeconds(10);
    private final RpcClient client = new RpcClient();
    private final List<CompletableFuture<byte[]>> held = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** Echoes reads at once; holds writes until the test completes them; "fail:" and "taken:" fail. */
    private final RpcService service = new RpcService() {
        @Override
        public CompletableFuture<byte[]> write(byte[] command) {
            String s = new String(command, StandardCharsets.UTF_8);
            if (s.startsWith("refuse")) {
                return CompletableFuture.failedFuture(new NotTakenException("no Raft group on this server"));
            }
            if (s.startsWith("fail")) {
                return CompletableFuture.failedFuture(new IllegalStateException("No cluster leader"));
            }
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            held.add(f);
            return f;
        }

        @Override
        public CompletableFuture<byte[]> read(byte[] request) {
            return CompletableFuture.completedFuture(("echo " + new String(request, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        }
    };

    @AfterEach
    void stop() throws Exception {
        client.close();
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private RpcServer server(int port) throws Exception {
        RpcServer s = RpcServer.start("127.0.0.1", port, service);
        closing.add(s);
        return s;
    }

    @Test
    void manyRequestsShareOneConnectionAndASlowOneHoldsBackNone() throws Exception {
        String to = "127.0.0.1:" + server(0).port();
        CompletableFuture<byte[]> slow = client.call(to, RpcFrames.WRITE, bytes("slow"), LONG);
        List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            reads.add(client.call(to, RpcFrames.READ, bytes("r" + i), LONG));
        }
        for (int i = 0; i < reads.size(); i++) {
            assertThat(text(reads.get(i).get(10, TimeUnit.SECONDS))).isEqualTo("echo r" + i);
        }
        assertThat(slow).isNotDone();
        Poll.until(LONG, () -> assertThat(held).hasSize(1));
        held.get(0).complete(bytes("applied"));
        assertThat(text(slow.get(10, TimeUnit.SECONDS))).isEqualTo("applied");
        assertThat(client.connections()).isEqualTo(1);
    }

    @Test
    void theServersAnswersSayWhetherAWriteMayHaveBeenTaken() throws Exception {
        String to = "127.0.0.1:" + server(0).port();
        assertThat(failure(client.call(to, RpcFrames.WRITE, bytes("refuse"), LONG)))
                .isInstanceOf(RpcClient.NotSentException.class).hasMessageContaining("no Raft group on this server");
        assertThat(failure(client.call(to, RpcFrames.WRITE, bytes("fail"), LONG)))
                .isInstanceOf(RpcClient.NoLeaderException.class).hasMessageContaining("No cluster leader");
    }

    @Test
    void anIndexedWriteCarriesItsLogIndexAndAServiceWithoutThemDoesNotTakeIt() throws Exception {
        String plain = "127.0.0.1:" + server(0).port();
        assertThat(failure(client.call(plain, RpcFrames.WRITE_INDEXED, bytes("w"), LONG)))
                .isInstanceOf(RpcClient.NotSentException.class).hasMessageContaining("takes no indexed writes");
        RpcServer indexed = RpcServer.start("127.0.0.1", 0, new RpcService() {
            @Override
            public CompletableFuture<byte[]> write(byte[] command) {
                return CompletableFuture.failedFuture(new IllegalStateException("not this one"));
            }

            @Override
            public CompletableFuture<byte[]> writeIndexed(byte[] command) {
                return CompletableFuture.completedFuture(RpcFrames.indexed(command.length + 41L, command));
            }

            @Override
            public CompletableFuture<byte[]> read(byte[] request) {
                return CompletableFuture.completedFuture(request);
            }
        });
        closing.add(indexed);
        byte[] answer = client.call("127.0.0.1:" + indexed.port(), RpcFrames.WRITE_INDEXED, bytes("put"), LONG)
                .get(10, TimeUnit.SECONDS);
        assertThat(RpcFrames.indexOf(answer)).isEqualTo(44L);
        assertThat(new String(RpcFrames.resultOf(answer), StandardCharsets.UTF_8)).isEqualTo("put");
    }

    @Test
    void aRefusedConnectionMeansNotSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Throwable e = failure(client.call("127.0.0.1:" + port, RpcFrames.WRITE, bytes("w"), LONG));
        assertThat(e).isInstanceOf(RpcClient.NotSentException.class);
    }

    @Test
    void noAnswerInTimeIsATimeoutAndALateAnswerIsIgnored() throws Exception {
        String to = "127.0.0.1:" + server(0).port();
        long start = System.nanoTime();
        Throwable e = failure(client.call(to, RpcFrames.WRITE, bytes("w"), Duration.ofMillis(300)));
        assertThat(e).isInstanceOf(TimeoutException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(290);
        held.get(0).complete(bytes("late"));
        // The connection is still good for the next request.
        assertThat(text(client.call(to, RpcFrames.READ, bytes("next"), LONG).get(10, TimeUnit.SECONDS)))
                .isEqualTo("echo next");
    }

    @Test
    void aConnectionLostWhileWaitingFailsAsLostAndTheNextRequestReconnects() throws Exception {
        RpcServer first = server(0);
        int port = first.port();
        String to = "127.0.0.1:" + port;
        CompletableFuture<byte[]> pending = client.call(to, RpcFrames.WRITE, bytes("w"), LONG);
        Poll.until(LONG, () -> assertThat(held).hasSize(1));
        first.close();
        assertThat(failure(pending)).isInstanceOf(RpcClient.ConnectionLostException.class);

        server(port);
        Poll.until(LONG, () -> assertThat(client.call(to, RpcFrames.READ, bytes("again"), LONG)
                .handle((b, e) -> e == null ? text(b) : e.toString()).join()).isEqualTo("echo again"));
    }

    @Test
    void aServerSendingGarbageLosesTheConnectionNotTheClient() throws Exception {
        try (ServerSocket garbage = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = garbage.accept(); InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    in.readNBytes(4 + 9 + 1);
                    // A well-formed frame of an answer kind that does not exist.
                    out.write(ByteBuffer.allocate(4 + 9).putInt(9).putLong(1).put((byte) 42).array());
                    out.flush();
                    in.read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String to = "127.0.0.1:" + garbage.getLocalPort();
            assertThat(failure(client.call(to, RpcFrames.READ, bytes("x"), LONG)))
                    .isInstanceOf(RpcClient.ConnectionLostException.class);
            served.get(10, TimeUnit.SECONDS);
        }
        String good = "127.0.0.1:" + server(0).port();
        assertThat(text(client.call(good, RpcFrames.READ, bytes("ok"), LONG).get(10, TimeUnit.SECONDS)))
                .isEqualTo("echo ok");
    }

    private static Throwable failure(CompletableFuture<byte[]> f) {
        return assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)).getCause();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
