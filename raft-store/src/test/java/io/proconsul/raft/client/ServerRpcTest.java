package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport's promise: a request it reports as not sent never left, and no dead host holds it long. */
class ServerRpcTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aServerThatRefusesConnectionsMeansNotSent() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertNotSentWithin(port, 1000);
    }

    @Test
    void aServerThatNeverCompletesTheHandshakeMeansNotSentAfterTheConnectTimeout() throws Exception {
        // A listener that never accepts, its backlog filled: the kernel drops further SYNs, as a host that is down.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fill = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()), 200);
                    fill.add(s);
                }
            } catch (IOException e) {
                // The backlog is full: exactly what this test needs.
            }
            long start = System.nanoTime();
            assertNotSentWithin(silent.getLocalPort(), 3000);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(ServerRpc.CONNECT_TIMEOUT.toMillis() - 50);
            for (Socket s : fill) {
                s.close();
            }
        }
    }

    private void assertNotSentWithin(int port, long millis) throws Exception {
        try (ServerRpc rpc = new ServerRpc("dc1", scheduler, 1)) {
            RaftPeer peer = RaftPeer.newBuilder().setId("s1").setAddress("127.0.0.1:" + port).build();
            rpc.update(List.of(peer));
            CompletableFuture<RaftClientReply> reply = rpc.send(peer, RaftClientRequest.writeRequestType(),
                    Message.valueOf("x"), rpc.nextCallId());
            ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(millis, TimeUnit.MILLISECONDS));
            assertThat(e.getCause()).isInstanceOf(ServerRpc.NotSentException.class);
        }
    }
}
