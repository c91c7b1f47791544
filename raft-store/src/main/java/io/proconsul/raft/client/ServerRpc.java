package io.proconsul.raft.client;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.client.impl.RaftClientRpcWithProxy;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to one server over the server RPC port: the raw Ratis client transport (Netty), without
 * the Ratis client's ordering window (which delivers replies in send order and caps requests in flight) and
 * without its retries, so that every resend is decided by the caller and a slow request never holds back
 * another.
 *
 * <p>The transport is rebuilt when a known server moves to another address; the old one is closed once
 * its requests can no longer be pending. Thread-safe; {@link #send} never blocks on the network (connecting
 * happens on connector threads of its own).
 *
 * <p>Used by servers only: a follower forwards its writes and ReadIndex requests to the leader over it
 * ({@code io.proconsul.raft.LeaderForwarder}). Client agents use {@code io.proconsul.raft.rpc.RpcClient}
 * instead and load no Ratis class. Public for that reason; not part of the module's API.
 */
public final class ServerRpc implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerRpc.class);

    /**
     * The transport's own timeout. Callers give up sooner (Consul's 7 s hold timeout); this only bounds how
     * long the transport tracks a request whose answer never came.
     */
    static final TimeDuration TRANSPORT_TIMEOUT = TimeDuration.valueOf(15, TimeUnit.SECONDS);

    /** Connections per server: up to this many writes from here are in flight at once (see the constructor). */
    public static final int CONNECTIONS = 16;

    /**
     * Event loops of Ratis's (shaded) Netty: its server blocks the event loop that read a client request
     * until the request is done, so the number of event loops bounds how many forwarded writes a leader
     * works on at once; Netty's default (twice the cores) made that 4 on a small server. Threads start only
     * as channels are registered, so a high bound costs nothing until used.
     */
    static final String EVENT_LOOPS_PROPERTY = "org.apache.ratis.thirdparty.io.netty.eventLoopThreads";
    static final int EVENT_LOOPS = 64;

    /**
     * Raises the event-loop count of Ratis's Netty unless the operator set it: call before the first Ratis
     * server or client is built in this JVM (Netty reads it once). Process-wide, as the setting is.
     */
    public static void raiseEventLoops() {
        if (System.getProperty(EVENT_LOOPS_PROPERTY) == null) {
            System.setProperty(EVENT_LOOPS_PROPERTY, Integer.toString(EVENT_LOOPS));
        }
    }

    private final RaftGroupId groupId;
    /** How long making a connection to a server may take before the request goes elsewhere. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final int CONNECTORS = 16;

    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final ScheduledExecutorService scheduler;
    private final Map<String, String> addresses = new HashMap<>();
    // Connecting blocks; a few threads for it, none kept idle. Full means every one is stuck on a dead host.
    private final ThreadPoolExecutor connector = new ThreadPoolExecutor(0, CONNECTORS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "forwarding-store-connect");
                t.setDaemon(true);
                return t;
            });
    // Connections that are up: a request over one goes out on the caller's thread.
    private final Set<Lane> connected = ConcurrentHashMap.newKeySet();
    private final int connections;
    // One transport per connection to each server, all with this client id (a resend goes over the lane of
    // its call id, and a server's retry cache knows it whichever lane brought it).
    private RaftClient[] clients;
    private boolean closed;

    /** One connection to one server. */
    private record Lane(RaftClientRpc rpc, RaftPeerId server) {}

    /**
     * @param scheduler times connection attempts; never blocked by this transport
     * @param connections how many connections to open to each server. Ratis's Netty server handles a client
     *     request on the event-loop thread that read it and blocks that thread until the request is done,
     *     so one connection carries one write at a time; several connections (on different event loops of
     *     the server) let writes from here be replicated and synced together.
     */
    public ServerRpc(String datacenter, ScheduledExecutorService scheduler, int connections) {
        raiseEventLoops();
        this.groupId = groupId(datacenter);
        this.scheduler = scheduler;
        this.connections = connections;
    }

    /**
     * The Raft group of a datacenter, derived as every server derives it (RaftSettings.groupId): a client
     * needs no configuration to address its servers' group.
     */
    static RaftGroupId groupId(String datacenter) {
        return RaftGroupId.valueOf(
                UUID.nameUUIDFromBytes(("proconsul-raft-group/" + datacenter).getBytes(StandardCharsets.UTF_8)));
    }

    /** A call id for a new request; every try of one request keeps the same id (Ratis's retry cache). */
    public long nextCallId() {
        return callIds.incrementAndGet();
    }

    /** Makes {@code servers} reachable; called whenever gossip changes the list. */
    public synchronized void update(Collection<RaftPeer> servers) {
        if (closed) {
            return;
        }
        boolean moved = servers.stream().anyMatch(p -> {
            String old = addresses.get(p.getId().toString());
            return old != null && !old.equals(p.getAddress());
        });
        if (clients == null || moved) {
            connected.clear();
            retire(clients);
            addresses.clear();
            clients = new RaftClient[connections];
            for (int i = 0; i < connections; i++) {
                clients[i] = RaftClient.newBuilder().setRaftGroup(RaftGroup.valueOf(groupId, List.copyOf(servers)))
                        .setClientId(clientId).setProperties(properties()).setRetryPolicy(RetryPolicies.noRetry())
                        .build();
            }
        } else {
            for (RaftClient c : clients) {
                c.getClientRpc().addRaftPeers(servers);
            }
        }
        servers.forEach(p -> addresses.put(p.getId().toString(), p.getAddress()));
    }

    /**
     * Sends one request to {@code target}. A future that fails with {@link NotSentException} proves the
     * request never reached the server; any other failure leaves that open.
     *
     * <p>The transport connects synchronously, and to a host that is down (no refusal, no answer) it would
     * wait for Netty's 30 s connect timeout. So the connecting and sending happen on a connector thread, and
     * a connection not made within {@link #CONNECT_TIMEOUT} gives up on the request (not sent, so it may go
     * elsewhere): whichever comes first, the send or the give-up, claims the request.
     */
    public CompletableFuture<RaftClientReply> send(RaftPeer target, RaftClientRequest.Type type, Message message,
            long callId) {
        RaftClientRpc rpc = rpc(callId);
        if (rpc == null) {
            return CompletableFuture.failedFuture(new NotSentException(new IOException("closed")));
        }
        RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(clientId).setServerId(target.getId())
                .setGroupId(groupId).setCallId(callId).setMessage(message).setType(type).build();
        if (connected.contains(new Lane(rpc, target.getId()))) {
            // The connection is up, so handing the request to it cannot block: no connector thread, no timer.
            return sendNow(rpc, target, request);
        }
        CompletableFuture<RaftClientReply> out = new CompletableFuture<>();
        AtomicBoolean claimed = new AtomicBoolean();
        try {
            ScheduledFuture<?> giveUp = scheduler.schedule(() -> {
                if (claimed.compareAndSet(false, true)) {
                    out.completeExceptionally(new NotSentException(new ConnectException("connect timed out")));
                }
            }, CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            out.whenComplete((r, e) -> giveUp.cancel(false));
            connector.execute(() -> connectAndSend(rpc, target, request, claimed, out));
        } catch (RejectedExecutionException e) {
            // Every connector thread is stuck connecting (or the store is closing): not sent.
            if (claimed.compareAndSet(false, true)) {
                out.completeExceptionally(new NotSentException(e));
            }
        }
        return out;
    }

    private void connectAndSend(RaftClientRpc rpc, RaftPeer target, RaftClientRequest request, AtomicBoolean claimed,
            CompletableFuture<RaftClientReply> out) {
        try {
            if (rpc instanceof RaftClientRpcWithProxy<?> proxies) {
                proxies.getProxies().getProxy(target.getId());
            }
        } catch (IOException | RuntimeException e) {
            disconnected(rpc, target, e);
            if (claimed.compareAndSet(false, true)) {
                out.completeExceptionally(new NotSentException(e));
            }
            return;
        }
        if (!claimed.compareAndSet(false, true)) {
            return;
        }
        connected.add(new Lane(rpc, target.getId()));
        sendNow(rpc, target, request).whenComplete((r, e) -> {
            if (e == null) {
                out.complete(r);
            } else {
                out.completeExceptionally(unwrap(e));
            }
        });
    }

    private CompletableFuture<RaftClientReply> sendNow(RaftClientRpc rpc, RaftPeer target, RaftClientRequest request) {
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = rpc.sendRequestAsync(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new NotSentException(e));
        }
        if (reply.isCompletedExceptionally()) {
            // Failed before returning: connecting or handing the request to the channel failed, so it never left.
            Throwable cause = causeOf(reply);
            disconnected(rpc, target, cause);
            return CompletableFuture.failedFuture(new NotSentException(cause));
        }
        return reply.handle((r, e) -> {
            if (e == null) {
                return r;
            }
            Throwable cause = unwrap(e);
            if (isBrokenConnection(cause)) {
                // Dropped so that the next request reconnects (or is refused at once by a server that is down).
                disconnected(rpc, target, cause);
            }
            throw new CompletionException(isNotSent(cause) ? new NotSentException(cause) : cause);
        });
    }

    /** The next request to {@code target} connects again, on a connector thread. */
    private void disconnected(RaftClientRpc rpc, RaftPeer target, Throwable cause) {
        connected.remove(new Lane(rpc, target.getId()));
        rpc.handleException(target.getId(), cause, true);
    }

    private synchronized RaftClientRpc rpc(long callId) {
        if (closed || clients == null) {
            return null;
        }
        return clients[(int) Math.floorMod(callId, (long) connections)].getClientRpc();
    }

    /** A server's own answers (not leader, not ready, ...) come over a healthy connection: keep it. */
    private static boolean isBrokenConnection(Throwable cause) {
        return cause instanceof AlreadyClosedException
                || !(cause instanceof RaftException) && !(cause instanceof TimeoutIOException);
    }

    private static boolean isNotSent(Throwable cause) {
        return cause instanceof ConnectException || cause instanceof ClosedChannelException;
    }

    private static Throwable causeOf(CompletableFuture<?> failed) {
        try {
            failed.getNow(null);
            return new IOException("no cause");
        } catch (CompletionException e) {
            return unwrap(e);
        }
    }

    /** The cause inside completion and execution wrappers. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private RaftProperties properties() {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.NETTY);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TRANSPORT_TIMEOUT);
        return p;
    }

    /** Closes a replaced transport once nothing sent through it can still be waiting. */
    private void retire(RaftClient[] old) {
        if (old == null) {
            return;
        }
        try {
            scheduler.schedule(() -> closeQuietly(old), TRANSPORT_TIMEOUT.toLong(TimeUnit.SECONDS), TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeQuietly(old);
        }
    }

    private static void closeQuietly(RaftClient[] all) {
        for (RaftClient c : all) {
            try {
                c.close();
            } catch (IOException e) {
                log.debug("closing a server RPC client: {}", e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        connector.shutdownNow();
        if (clients != null) {
            closeQuietly(clients);
            clients = null;
        }
    }

    /** The request provably never reached the server: resending it cannot apply it twice. */
    public static final class NotSentException extends IOException {
        public NotSentException(Throwable cause) {
            super("not sent: " + cause, cause);
        }
    }
}
