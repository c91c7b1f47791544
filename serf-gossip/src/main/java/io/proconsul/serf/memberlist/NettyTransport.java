package io.proconsul.serf.memberlist;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link Transport}: one Netty UDP channel and one TCP listener on the same port, on one event
 * loop thread of its own (one is as fast as more on a small machine, and gossip is light). Stream frames
 * are length-prefixed. Owns its event loop; {@link #close()} releases it.
 */
public final class NettyTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);
    private static final int BIND_ATTEMPTS = 10;

    private final String bindHost;
    private final int bindPort;
    private final Duration streamTimeout;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private volatile Channel udp;
    private volatile Channel tcp;

    public NettyTransport(String bindHost, int bindPort, Duration streamTimeout) {
        this.bindHost = bindHost;
        this.bindPort = bindPort;
        this.streamTimeout = streamTimeout;
    }

    @Override
    public InetSocketAddress start(Receiver receiver) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < (bindPort == 0 ? BIND_ATTEMPTS : 1); attempt++) {
            try {
                tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childHandler(streamServer(receiver)).bind(bindHost, bindPort).sync().channel();
                int port = ((InetSocketAddress) tcp.localAddress()).getPort();
                udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                        .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                        // Netty reads datagrams into 2 KiB by default and would silently cut larger ones.
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
                        .handler(new PacketHandler(receiver)).bind(bindHost, port).sync().channel();
                return (InetSocketAddress) tcp.localAddress();
            } catch (Exception e) {
                last = e;
                closeChannels();
            }
        }
        close();
        throw last;
    }

    @Override
    public void sendPacket(InetSocketAddress to, byte[] packet) {
        Channel ch = udp;
        if (ch == null || !ch.isActive()) {
            return;
        }
        ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), to)).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("gossip: send to {} failed: {}", to, f.cause().toString());
            }
        });
    }

    @Override
    public CompletableFuture<byte[]> request(InetSocketAddress to, byte[] frame, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(WireCodec.MAX_FRAME, 0, 4, 0, 4),
                                new LengthFieldPrepender(4), new ResponseHandler(result));
                    }
                });
        b.connect(to).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            f.channel().writeAndFlush(Unpooled.wrappedBuffer(frame));
            result.whenComplete((r, e) -> f.channel().close());
        });
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closeChannels();
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS);
    }

    private void closeChannels() {
        Channel u = udp;
        Channel t = tcp;
        if (u != null) {
            u.close().syncUninterruptibly();
        }
        if (t != null) {
            t.close().syncUninterruptibly();
        }
    }

    private ChannelInitializer<SocketChannel> streamServer(Receiver receiver) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new ReadTimeoutHandler(streamTimeout.toMillis(), TimeUnit.MILLISECONDS),
                        new LengthFieldBasedFrameDecoder(WireCodec.MAX_FRAME, 0, 4, 0, 4),
                        new LengthFieldPrepender(4), new RequestHandler(receiver));
            }
        };
    }

    private static final class PacketHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Receiver receiver;

        PacketHandler(Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            receiver.onPacket(ByteBufUtil.getBytes(p.content()), p.sender());
        }
    }

    private static final class RequestHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final Receiver receiver;

        RequestHandler(Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            InetSocketAddress from = (InetSocketAddress) ctx.channel().remoteAddress();
            receiver.onRequest(ByteBufUtil.getBytes(frame), from).whenComplete((answer, e) -> {
                if (answer == null) {
                    ctx.close();
                } else {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("gossip: stream from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final CompletableFuture<byte[]> result;

        ResponseHandler(CompletableFuture<byte[]> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            result.complete(ByteBufUtil.getBytes(frame));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new java.io.EOFException("connection closed without an answer"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
