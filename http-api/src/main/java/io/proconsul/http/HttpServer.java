package io.proconsul.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.proconsul.core.agent.Component;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.local.LocalAgent;
import io.proconsul.core.membership.Membership;
import io.proconsul.core.operator.Operator;
import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.Store;
import io.proconsul.core.userevent.UserEvents;
import io.proconsul.http.endpoint.AgentCheckEndpoint;
import io.proconsul.http.endpoint.AgentEndpoint;
import io.proconsul.http.endpoint.AgentMembersEndpoint;
import io.proconsul.http.endpoint.AgentServiceEndpoint;
import io.proconsul.http.endpoint.CatalogEndpoint;
import io.proconsul.http.endpoint.CoordinateEndpoint;
import io.proconsul.http.endpoint.EventEndpoint;
import io.proconsul.http.endpoint.HealthEndpoint;
import io.proconsul.http.endpoint.KvEndpoint;
import io.proconsul.http.endpoint.OperatorEndpoint;
import io.proconsul.http.endpoint.SessionEndpoint;
import io.proconsul.http.endpoint.SnapshotEndpoint;
import io.proconsul.http.endpoint.StatusEndpoint;
import io.proconsul.http.endpoint.TxnEndpoint;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's HTTP API: listens on every address of {@link AgentConfig#httpAddrs()} at
 * {@code ports.http} (0 picks a free port, see {@link #port()}) and serves {@link Routes}.
 *
 * <p>Uses epoll where its native library loads, NIO otherwise, with at most two event-loop threads: on a
 * small machine more threads only compete with the store and the load generator. Handlers never block
 * the loop; store futures complete on store threads and the answer is hopped back onto the loop.
 *
 * <p>{@link #start()} binds every address or, if one fails, releases what it bound and throws a
 * {@link BindException} worded as Go's listener error.
 * {@link #close()} is idempotent and waits briefly for the loops to stop.
 *
 * <p>Ownership: the server uses but never starts or closes what it is given (store, gossip pools,
 * operator); the agent that assembled them does.
 */
public final class HttpServer implements Component {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final AgentConfig config;
    private final Store store;
    private final Membership lan;
    private final Membership wan;
    private final Operator operator;
    private final Runnable shutdownAgent;
    private final LocalAgent local;
    private final Runnable reload;
    private final List<Channel> channels = new ArrayList<>();
    private EventLoopGroup group;
    /** Accepted connections, closed by {@link #close()} so that no request (a blocking query) outlives it. */
    private ChannelGroup connections;
    private volatile UserEvents userEvents;

    /**
     * @param lan the LAN gossip pool ({@code /v1/agent/members}, join, leave, force-leave, and the
     *     {@code Member} and {@code serf_lan} of {@code /v1/agent/self}); null only where no gossip runs
     * @param wan the WAN pool of a server; null on a client agent
     * @param operator the Raft and autopilot view for {@code /v1/operator/*}; null where no server is
     *     reachable (the endpoints then answer "No known Consul servers")
     * @param shutdownAgent run on a thread of its own after {@code PUT /v1/agent/leave} has left the pools
     *     and answered, as Consul shuts down after a graceful leave; null leaves the agent running
     */
    public HttpServer(AgentConfig config, Store store, Membership lan, Membership wan, Operator operator,
            Runnable shutdownAgent) {
        this(config, store, lan, wan, operator, shutdownAgent, null, null);
    }

    /**
     * With the agent's local services and checks ({@code /v1/agent/service*}, {@code /v1/agent/check*},
     * maintenance, reload).
     *
     * @param local the agent's local state; null leaves those routes out (404)
     * @param reload run off the event loop for {@code PUT /v1/agent/reload}; null answers it with a 500
     */
    public HttpServer(AgentConfig config, Store store, Membership lan, Membership wan, Operator operator,
            Runnable shutdownAgent, LocalAgent local, Runnable reload) {
        this.local = local;
        this.reload = reload;
        this.config = config;
        this.store = store;
        this.lan = lan;
        this.wan = wan;
        this.operator = operator;
        this.shutdownAgent = shutdownAgent;
    }

    /** Serves {@code /v1/event/*} from {@code events} (set before {@link #start()}; without it, 404). */
    public HttpServer userEvents(UserEvents events) {
        this.userEvents = events;
        return this;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public synchronized void start() throws Exception {
        if (config.ports().http() < 0) {
            // Consul's convention: ports.http = -1 turns the HTTP API off.
            log.info("HTTP API disabled (ports.http = {})", config.ports().http());
            return;
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        JsonCodec json = new JsonCodec();
        SnapshotEndpoint snapshots = new SnapshotEndpoint(store instanceof SnapshotStore s ? s : null,
                new QueryOptionsParser(config.datacenter()));
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("http", true), io);
        log.debug("transport={} event_loops={}", epoll ? "epoll" : "nio", threads);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Go's listener enables TCP keep-alive on accepted connections; so do we.
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(tracked(new HttpInitializer(routes(json).snapshot(snapshots), json, config, snapshots)));
        try {
            int port = config.ports().http();
            for (String addr : config.httpAddrs()) {
                Channel ch = bind(bootstrap, addr, port);
                channels.add(ch);
                // With port 0 every further address reuses the port the first bind picked.
                InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
                port = bound.getPort();
                log.info("Started HTTP server: address={}:{} network=tcp", bound.getHostString(), port);
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** {@code http}'s pipeline on each accepted connection, which is also remembered until it closes. */
    private ChannelInitializer<Channel> tracked(HttpInitializer http) {
        ChannelGroup accepted = new DefaultChannelGroup("http-connections", GlobalEventExecutor.INSTANCE);
        connections = accepted;
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                accepted.add(ch);
                ch.pipeline().addLast(http);
            }
        };
    }

    /**
     * Binds one address. Failures surface as a {@link BindException} worded like Go's
     * ({@code listen tcp 127.0.0.1:8500: bind: address already in use}) whichever transport raised it.
     */
    private static Channel bind(ServerBootstrap bootstrap, String addr, int port) throws BindException {
        try {
            return bootstrap.bind(new InetSocketAddress(addr, port)).sync().channel();
        } catch (Exception e) {
            String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            String reason = why.contains("already in use") ? "address already in use"
                    : why.contains("assign") ? "cannot assign requested address" : why;
            BindException be = new BindException("listen tcp " + addr + ":" + port + ": bind: " + reason);
            be.initCause(e);
            throw be;
        }
    }

    private Routes routes(JsonCodec json) {
        QueryOptionsParser options = new QueryOptionsParser(config.datacenter());
        Routes routes = consulRoutes(json, options).discovery(
                new CatalogEndpoint(store, options, config.datacenter(), config.nodeName()),
                new HealthEndpoint(store, options, config.datacenter(), config.nodeName()))
                .coordinates(new CoordinateEndpoint(store, options, config.datacenter(), config.nodeName(), wan))
                .sessions(new SessionEndpoint(store, options, config.nodeName(), config.limits().sessionTtlMin()));
        if (userEvents != null) {
            routes.events(new EventEndpoint(userEvents, options));
        }
        return local == null ? routes
                : routes.localAgent(new AgentServiceEndpoint(local, config.datacenter()),
                        new AgentCheckEndpoint(local, reload));
    }

    private Routes consulRoutes(JsonCodec json, QueryOptionsParser options) {
        return Routes.consul(
                new AgentEndpoint(config, store, lan, wan),
                new AgentMembersEndpoint(config, lan, wan, shutdownAgent),
                new KvEndpoint(store, options, config.limits().kvMaxValueSize()),
                new OperatorEndpoint(operator, options),
                new StatusEndpoint(store, options),
                new TxnEndpoint(store, options, json, config.limits()));
    }

    /** The bound port after {@link #start()}; -1 before, or when {@code ports.http} is negative (disabled). */
    public synchronized int port() {
        return channels.isEmpty() ? -1 : ((InetSocketAddress) channels.get(0).localAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        channels.clear();
        if (connections != null) {
            // Before the loops stop: a connection left open would hold its client (a blocking query waiting
            // up to its wait time) on an agent that is gone, instead of letting it fail and reconnect.
            connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            connections = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            group = null;
        }
    }
}
