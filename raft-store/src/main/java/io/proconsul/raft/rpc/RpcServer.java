package io.proconsul.raft.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A server's listener for its client agents' requests ({@link RpcFrames} over TCP, the agent's own Netty):
 * client agents send their writes and reads here instead of to the Raft port, so they need no Raft
 * client. Servers advertise the port in gossip tag {@link #GOSSIP_TAG}.
 *
 * <p>One event-loop thread only decodes and encodes; each request is handed to a worker thread, which
 * calls the {@link RpcService} and returns at once; the answer goes out when its future completes, so
 * requests on one connection never wait for each other. A malformed frame closes its connection.
 *
 * <p>Lifecycle: {@link #start}, {@link #close()} (idempotent; requests still running are dropped with
 * their connections). Thread-safe.
 */
public final class RpcServer implements AutoCloseable {

    /** The gossip tag with this listener's port, next to Consul's {@code port} (the Raft port). */
    public static final String GOSSIP_TAG = "client_rpc_port";
    /**
     * The gossip tag with the version of {@link RpcFrames} this listener takes, {@link #VERSION}. Builds
     * before {@link RpcFrames#WRITE_INDEXED} set no such tag (version 1) and close the connection on that
     * frame, so a server forwards its writes to another's listener only if it advertises version 2 or later.
     */
    public static final String VERSION_TAG = "client_rpc_vsn";
    /** The version of the frames this build's listener takes: 2 since {@link RpcFrames#WRITE_INDEXED}. */
    public static final int VERSION = 2;
    private static final int WORKERS = 2;

    private final EventLoopGroup group;
    private final ThreadPoolExecutor workers;
    private final Channel channel;
    private final ChannelGroup connections;

    private RpcServer(EventLoopGroup group, ThreadPoolExecutor workers, Channel channel, ChannelGroup connections) {
        this.group = group;
        this.workers = workers;
        this.channel = channel;
        this.connections = connections;
    }

    /**
     * Listens on {@code host:port} ({@code port} 0: a free one); fails with an {@link IOException} (a
     * {@link java.net.BindException} when the port is taken) if it cannot bind.
     */
    public static RpcServer start(String host, int port, RpcService service) throws IOException, InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("server-rpc", true),
                NioIoHandler.newFactory());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("server-rpc-worker", true));
        workers.allowCoreThreadTimeOut(true);
        ChannelGroup connections = new DefaultChannelGroup("server-rpc-connections", group.next());
        try {
            ChannelFuture bound = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(RpcFrames.decoder(), new RpcServerHandler(service, workers));
                        }
                    })
                    .bind(host, port).await();
            if (!bound.isSuccess()) {
                throw bound.cause() instanceof IOException io ? io : new IOException(bound.cause());
            }
            return new RpcServer(group, workers, bound.channel(), connections);
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownNow();
            throw e;
        }
    }

    /** The port bound. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        // Close the accepted connections now, so that clients waiting on them fail over at once rather
        // than whenever the event loop's shutdown gets to them.
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
        workers.shutdownNow();
    }
}
