package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.client.NettyClientRpc;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request timeout runs on the caller's scheduler, and a scheduler that is gone sends nothing. */
class ServerCallTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ClientId clientId = ClientId.randomId();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aServerThatNeverAnswersTimesOutOnTheSchedulerWithRatisTimeoutException() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                NettyClientRpc rpc = new NettyClientRpc(clientId, new RaftProperties())) {
            RaftPeer peer = peer(server.getLocalPort());
            rpc.addRaftPeers(List.of(peer));
            long start = System.nanoTime();
            CompletableFuture<RaftClientReply> reply =
                    ServerCall.send(rpc, request(peer), scheduler, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
            try (Socket accepted = server.accept()) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(5, TimeUnit.SECONDS));
                assertThat(e.getCause()).isInstanceOf(TimeoutIOException.class);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
            }
        }
    }

    @Test
    void aSchedulerThatIsShutDownFailsTheCallAtOnce() throws Exception {
        scheduler.shutdown();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                NettyClientRpc rpc = new NettyClientRpc(clientId, new RaftProperties())) {
            RaftPeer peer = peer(server.getLocalPort());
            rpc.addRaftPeers(List.of(peer));
            CompletableFuture<RaftClientReply> reply =
                    ServerCall.send(rpc, request(peer), scheduler, TimeDuration.valueOf(5, TimeUnit.SECONDS));
            assertThat(reply).isCompletedExceptionally();
        }
    }

    private static RaftPeer peer(int port) {
        return RaftPeer.newBuilder().setId("s1").setAddress("127.0.0.1:" + port).build();
    }

    private RaftClientRequest request(RaftPeer to) {
        return RaftClientRequest.newBuilder().setClientId(clientId).setServerId(to.getId())
                .setGroupId(ServerRpc.groupId("dc1")).setCallId(1).setMessage(Message.valueOf("x"))
                .setType(RaftClientRequest.writeRequestType()).build();
    }
}
