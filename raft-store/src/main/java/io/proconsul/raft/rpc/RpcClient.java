package io.proconsul.raft.rpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client agent's side of the server RPC ({@link RpcFrames}): one TCP connection per server, opened on
 * the first request to it and reopened on the first request after it dropped, with any number of
 * requests in flight on it. The agent's own Netty, one event-loop thread; no Raft client.
 *
 * <p>How a call fails says whether the server may have taken the request:
 * <ul>
 *   <li>{@link NotSentException}: it provably did not (no connection within {@link #CONNECT_TIMEOUT}, the
 *       connection refused or closed before the request was written, or the server answered
 *       {@link RpcFrames#NOT_TAKEN}): resending it elsewhere is safe.
 *   <li>{@link NoLeaderException}: the server answered {@link RpcFrames#NO_LEADER}.
 *   <li>{@link ConnectionLostException}, or {@link java.util.concurrent.TimeoutException} after the call's
 *       timeout: the request went out and no answer came; it may have been applied.
 * </ul>
 *
 * <p>Thread-safe, never blocks; futures complete on the event-loop thread (callers move work elsewhere).
 * {@link #close()} fails every pending call with {@link ConnectionLostException}.
 */
public final class RpcClient implements AutoCloseable {

    /** How long making a connection may take before the request counts as not sent. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<String, RpcConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Set<Channel> transfers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public RpcClient() {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("server-rpc-client", true),
                NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis());
    }

    /**
     * Sends one request to {@code address} ({@code host:port}) and completes with the answer's payload,
     * or fails as the class describes; after {@code timeout} it fails with a {@code TimeoutException} and
     * forgets the request.
     */
    public CompletableFuture<byte[]> call(String address, byte kind, byte[] payload, Duration timeout) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        if (closed) {
            out.completeExceptionally(new NotSentException(address, "client closed"));
            return out;
        }
        RpcConnection c = connections.get(address);
        if (c == null) {
            RpcConnection fresh = new RpcConnection(address, this::dropped);
            c = connections.putIfAbsent(address, fresh);
            if (c == null) {
                c = fresh;
                connect(fresh);
            }
        }
        c.send(ids.incrementAndGet(), kind, payload, out, timeout.toNanos());
        return out;
    }

    private void connect(RpcConnection c) {
        String address = c.address();
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(RpcFrames.decoder(), c);
            }
        }).connect(host, port);
        c.connecting(f);
    }

    /**
     * Saves a snapshot on the server at {@code address} into {@code target} (an existing file, overwritten),
     * over a connection of its own; completes with the trailer ({@link SnapshotCodec#decodeTrailer}) once
     * the archive is on disk. Fails as {@link #call} does, or with the server's failure
     * ({@link SnapshotCodec#decodeFailure}); then {@code target} holds a partial archive the caller deletes.
     */
    public CompletableFuture<byte[]> download(String address, byte[] request, Path target, Duration timeout) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        return transfer(address, new SnapshotTransfer.Download(address, ids.incrementAndGet(), request, target, out),
                false, out, timeout);
    }

    /**
     * Restores the archive in {@code file} through the server at {@code address}, over a connection of its
     * own; completes once the server has applied it, or fails as {@link #download} does.
     */
    public CompletableFuture<Void> upload(String address, Path file, Duration timeout) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        return transfer(address, new SnapshotTransfer.Upload(address, ids.incrementAndGet(), file, out), true, out,
                timeout);
    }

    private <T> CompletableFuture<T> transfer(String address, SnapshotTransfer<T> handler, boolean autoRead,
            CompletableFuture<T> out, Duration timeout) {
        if (closed) {
            out.completeExceptionally(new NotSentException(address, "client closed"));
            return out;
        }
        int colon = address.lastIndexOf(':');
        ChannelFuture f = bootstrap.clone().option(ChannelOption.AUTO_READ, autoRead)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(RpcFrames.decoder(), handler);
                    }
                }).connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                out.completeExceptionally(new NotSentException(address, String.valueOf(done.cause())));
                return;
            }
            transfers.add(f.channel());
            ScheduledFuture<?> timer = f.channel().eventLoop().schedule(() -> {
                if (out.completeExceptionally(new TimeoutException("no snapshot from " + address + " in time"))) {
                    f.channel().close();
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            out.whenComplete((v, e) -> timer.cancel(false));
            f.channel().closeFuture().addListener(c -> transfers.remove(f.channel()));
        });
        return out;
    }

    private void dropped(RpcConnection c) {
        connections.remove(c.address(), c);
    }

    /** Closes the connections to servers not in {@code addresses} (gone from gossip). */
    public void retain(Collection<String> addresses) {
        Set<String> keep = Set.copyOf(addresses);
        for (RpcConnection c : List.copyOf(connections.values())) {
            if (!keep.contains(c.address())) {
                connections.remove(c.address(), c);
                c.close();
            }
        }
    }

    /** Open or opening connections; for tests. */
    int connections() {
        return connections.size();
    }

    @Override
    public void close() {
        closed = true;
        for (RpcConnection c : List.copyOf(connections.values())) {
            c.close();
        }
        connections.clear();
        transfers.forEach(Channel::close);
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
    }

    /** The request provably never reached a server that would act on it: resending it is safe. */
    public static final class NotSentException extends IOException {
        public NotSentException(String address, String why) {
            super("not sent to " + address + ": " + why);
        }
    }

    /** The server answered that no leader took the request in time; a write may have been applied. */
    public static final class NoLeaderException extends IOException {
        public NoLeaderException(String address, String why) {
            super(address + ": " + why);
        }
    }

    /** The connection dropped after the request went out: it may have been applied. */
    public static final class ConnectionLostException extends IOException {
        public ConnectionLostException(String address) {
            super("connection to " + address + " lost");
        }
    }
}
