package io.proconsul.raft.client;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.impl.ClientProtoUtils;
import org.apache.ratis.client.impl.RaftClientRpcWithProxy;
import org.apache.ratis.netty.NettyRpcProxy;
import org.apache.ratis.proto.netty.NettyProtos.RaftNettyServerRequestProto;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.util.TimeDuration;

/**
 * Sends one client request over a Ratis Netty connection, as {@code NettyClientRpc.sendRequestAsync} does
 * (same frame, same reply decoding, a reply carrying "not leader" or "leader not ready" fails the future
 * with that exception), except for the timeout: that one is armed on the caller's scheduler instead of
 * Ratis's process-wide {@code TimeoutTimer}, which starts up to 8 {@code timer} threads in turn, one per
 * request, and keeps them for the life of the process; a client agent needs none of them.
 *
 * <p>Stateless; thread-safe. The future completes on the connection's event loop or the scheduler.
 */
final class ServerCall {

    private ServerCall() {
    }

    /**
     * Sends {@code request} to its server over {@code rpc}'s connection to it (made here if there is none,
     * which blocks). A failure before anything was written comes back as an already failed future.
     */
    static CompletableFuture<RaftClientReply> send(RaftClientRpcWithProxy<NettyRpcProxy> rpc,
            RaftClientRequest request, ScheduledExecutorService scheduler, TimeDuration timeout) {
        CompletableFuture<RaftClientReply> reply = new CompletableFuture<>();
        NettyRpcProxy proxy;
        ScheduledFuture<?> timer;
        try {
            proxy = rpc.getProxies().getProxy(request.getServerId());
            timer = scheduler.schedule(() -> reply.completeExceptionally(new TimeoutIOException(
                    request.getServerId() + " request #" + request.getCallId() + " timeout " + timeout)),
                    timeout.toLong(TimeUnit.MILLISECONDS), TimeUnit.MILLISECONDS);
        } catch (IOException | RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, e) -> timer.cancel(false));
        if (reply.isDone()) {
            // A scheduler that is shut down may run the timeout at once: the store is closing, send nothing.
            return reply;
        }
        RaftNettyServerRequestProto proto = RaftNettyServerRequestProto.newBuilder()
                .setRaftClientRequest(ClientProtoUtils.toRaftClientRequestProto(request)).build();
        try {
            proxy.sendAsync(proto).whenComplete((r, e) -> {
                if (e != null) {
                    reply.completeExceptionally(e);
                    return;
                }
                RaftClientReply decoded;
                try {
                    decoded = ClientProtoUtils.toRaftClientReply(r.getRaftClientReply());
                } catch (RuntimeException undecodable) {
                    reply.completeExceptionally(undecodable);
                    return;
                }
                RaftException refused = decoded.getNotLeaderException() != null
                        ? decoded.getNotLeaderException() : decoded.getLeaderNotReadyException();
                if (refused != null) {
                    reply.completeExceptionally(refused);
                } else {
                    reply.complete(decoded);
                }
            });
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
        return reply;
    }
}
