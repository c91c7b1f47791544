package io.proconsul.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.proconsul.core.agent.Component;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.store.Store;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's DNS interface: UDP and TCP on every {@code dnsAddrs()} at {@code ports.dns} (Consul's 8600). Port
 * 0 picks a free port, the same for UDP and TCP and for every address; {@link #port()} tells which. A port of
 * -1 disables DNS, as in Consul.
 *
 * <p>Lifecycle: {@link #start()} binds everything or, if one bind fails, releases what it bound and throws
 * a {@link BindException} with Consul's wording. {@link #close()} is idempotent. The store is not owned:
 * the agent closes it after this component.
 *
 * <p>Threading: one event loop (DNS work per message is small and the store is asynchronous); handlers
 * never block it.
 */
public final class DnsServer implements Component {

    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    /** Seconds an idle TCP connection stays open (miekg/dns closes idle ones too). */
    private static final int TCP_IDLE_SECONDS = 10;

    private final List<String> addresses;
    private final int configuredPort;
    private final DnsHandler handler;
    private final List<Channel> channels = new ArrayList<>();
    private EventLoopGroup group;
    private volatile int port = -1;

    public DnsServer(AgentConfig config, Store store) {
        this(config.dnsAddrs(), config.ports().dns(),
                new DnsHandler(DnsSettings.from(config), store, Clock.systemUTC(), new Random()));
    }

    /** For tests and embedding: explicit addresses, port and handler. */
    public DnsServer(List<String> addresses, int port, DnsHandler handler) {
        this.addresses = List.copyOf(addresses);
        this.configuredPort = port;
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public synchronized void start() throws Exception {
        if (configuredPort < 0 || addresses.isEmpty()) {
            log.info("DNS disabled");
            return;
        }
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dns", true), NioIoHandler.newFactory());
        try {
            int p = configuredPort;
            for (String addr : addresses) {
                p = bindBoth(addr, p);
            }
            port = p;
            log.info("Started DNS server: addresses={} port={} (udp, tcp)", addresses, port);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** UDP first (it picks the port when 0), then TCP on the same port; with port 0 a TCP clash retries. */
    private int bindBoth(String addr, int wanted) throws BindException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Channel udp = bindUdp(addr, wanted);
            int bound = ((InetSocketAddress) udp.localAddress()).getPort();
            try {
                channels.add(bindTcp(addr, bound));
                channels.add(udp);
                return bound;
            } catch (BindException e) {
                udp.close().sync();
                if (wanted != 0 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private Channel bindUdp(String addr, int p) throws BindException, InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                // Room for the largest EDNS query; Netty's datagram default is 2048 bytes.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65535))
                .handler(new DnsUdpHandler(handler));
        return bind("udp", addr, p, () -> b.bind(new InetSocketAddress(addr, p)).sync().channel());
    }

    private Channel bindTcp(String addr, int p) throws BindException, InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // RFC 1035 4.2.2: each message is preceded by its two-byte length.
                        ch.pipeline().addLast(new ReadTimeoutHandler(TCP_IDLE_SECONDS),
                                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
                                new LengthFieldPrepender(2), new DnsTcpHandler(handler));
                    }
                });
        return bind("tcp", addr, p, () -> b.bind(new InetSocketAddress(addr, p)).sync().channel());
    }

    private interface BindCall {
        Channel call() throws Exception;
    }

    private static Channel bind(String network, String addr, int p, BindCall call)
            throws BindException, InterruptedException {
        try {
            return call.call();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            BindException be = new BindException(
                    "listen " + network + " " + addr + ":" + p + ": bind: " + String.valueOf(e.getMessage()));
            be.initCause(e);
            throw be;
        }
    }

    /** The bound port (UDP and TCP), -1 before start or when disabled. */
    public int port() {
        return port;
    }

    /** The message handler, for its counters. */
    public DnsHandler handler() {
        return handler;
    }

    @Override
    public synchronized void close() {
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly();
        }
        channels.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
        }
        port = -1;
    }
}
