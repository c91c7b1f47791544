package io.proconsul.cli.command.agent;

import io.proconsul.cli.watch.AgentWatches;
import io.proconsul.core.agent.Agent;
import io.proconsul.core.catalog.CoordinateSync;
import io.proconsul.core.catalog.MemberReconciler;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.EventBus;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.event.LeaderChanged;
import io.proconsul.core.exec.RemoteExec;
import io.proconsul.core.local.LocalAgent;
import io.proconsul.core.store.Store;
import io.proconsul.core.userevent.UserEvents;
import io.proconsul.dns.DnsServer;
import io.proconsul.http.HttpServer;
import io.proconsul.raft.RaftStore;
import io.proconsul.serf.SerfPool;
import io.proconsul.raft.client.ServerForwardingStore;
import io.proconsul.core.membership.Membership;
import io.proconsul.core.operator.Operator;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running agent: the only place where the concrete parts (Raft store, HTTP server, ...) are put
 * together. {@code AgentCommand} runs one per process; tests run several per JVM.
 *
 * <p>Components start in dependency order (store, then the front ends) and stop in reverse, so the HTTP
 * API never serves from a closed store.
 */
public final class AgentRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AgentRuntime.class);

    private final AgentConfig config;
    private final EventBus bus = new InProcessEventBus();
    private final Agent agent = new Agent();
    private final Store store;
    private final SerfPool lan;
    private final SerfPool wan;
    private final Membership lanView;
    private final HttpServer http;
    private final DnsServer dns;
    private final LocalAgent local;
    private final UserEvents userEvents;
    private final AgentWatches watches;
    private final Callable<AgentConfig> reloader;
    private volatile boolean closed;

    private AgentRuntime(AgentConfig config, Callable<AgentConfig> reloader) {
        this.config = config;
        this.reloader = reloader;
        Operator operator;
        Supplier<CompletableFuture<Void>> leaveRaft;
        if (config.server()) {
            RaftStore raft = new RaftStore(config, bus);
            store = raft;
            operator = raft;
            leaveRaft = raft::leave;
        } else {
            ServerForwardingStore forwarding = new ServerForwardingStore(config, bus);
            store = forwarding;
            operator = forwarding;
            leaveRaft = () -> CompletableFuture.completedFuture(null);
        }
        lan = new SerfPool(GossipSetup.lan(config), bus);
        wan = config.server() ? new SerfPool(GossipSetup.wan(config), bus) : null;
        lanView = new LeavingPool(lan, leaveRaft);
        // The agent's own services and checks: loaded after the store is up, stopped before it.
        local = new LocalAgent(config, store);
        // User events: fired into and received from the LAN pool, filtered against the local services.
        // consul exec jobs run only where disable_remote_exec is false (Consul's default is true).
        RemoteExec remoteExec = config.disableRemoteExec() ? null : new RemoteExec(config.nodeName(), store);
        userEvents = new UserEvents(config.nodeName(), bus, lan, local::services, remoteExec);
        http = new HttpServer(config, store, lanView, wan, operator, this::close, local, this::reload)
                .userEvents(userEvents);
        // The store listens for server member events from start(), so gossip starts after it. HTTP starts
        // right after the store, as Consul's answers before gossip has joined anyone: status/leader is up
        // as soon as a single server has elected itself, and the pools answer (empty) until they start.
        dns = new DnsServer(config, store);
        agent.add(store);
        if (store instanceof RaftStore raft) {
            agent.add(GossipSetup.serverPortTag(config, raft, lan, wan));
        }
        agent.add(local);
        if (remoteExec != null) {
            agent.add(remoteExec);
        }
        agent.add(userEvents).add(http).add(dns).add(lan);
        if (wan != null) {
            agent.add(wan);
        }
        if (config.server()) {
            // The leader keeps every LAN member in the catalog with its serfHealth check (idle on followers).
            agent.add(new MemberReconciler(config.nodeName(), config.datacenter(), lan, store, bus));
        }
        agent.add(new CoordinateSync(config.nodeName(), lan, store));
        agent.add(new JoinLoop(config, lan, this::close));
        // The configured watches query this agent's own HTTP API, so they start last (as in Consul).
        watches = new AgentWatches(config, http::port);
        agent.add(watches);
        bus.subscribe(LeaderChanged.class, this::logLeader);
        // A sync that failed for want of a leader would otherwise wait for its retry (15 s).
        bus.subscribe(LeaderChanged.class, e -> {
            if (e.leader().isPresent()) {
                local.triggerSync();
            }
        });
    }

    /** Assembles (but does not start) the agent for {@code config}, whose node ID is already resolved. */
    public static AgentRuntime create(AgentConfig config) {
        return new AgentRuntime(config, () -> config);
    }

    /**
     * As {@link #create(AgentConfig)}, with {@code reloader} reading the configuration again for
     * {@code PUT /v1/agent/reload} ({@code consul reload}); its services and checks replace the
     * config-file ones.
     */
    public static AgentRuntime create(AgentConfig config, Callable<AgentConfig> reloader) {
        return new AgentRuntime(config, reloader);
    }

    /** Starts every component; on failure the started ones are closed again and the cause is thrown. */
    public void start() throws Exception {
        agent.start();
    }

    public AgentConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    /** The LAN gossip pool. */
    public SerfPool lan() {
        return lan;
    }

    /** The WAN gossip pool; null on a client agent. */
    public SerfPool wan() {
        return wan;
    }

    /**
     * Leaves gracefully, as Consul's {@code leave} does: a server leaves the Raft configuration, then both
     * leave gossip, so others see this agent {@code left}, not {@code failed}. Bounded; the agent still
     * has to be closed.
     */
    public void leave(Duration timeout) {
        try {
            if (wan != null) {
                wan.leave().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            lanView.leave().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("graceful leave did not complete: {}", e.toString());
        }
    }

    /** The agent's own services and checks. */
    public LocalAgent local() {
        return local;
    }

    /**
     * Reads the configuration again and applies its services and checks (Consul's {@code reload}, for the
     * keys that support it here). Throws with the reason when the configuration cannot be read or applied.
     */
    public void reload() {
        AgentConfig fresh;
        try {
            fresh = reloader.call();
        } catch (Exception e) {
            throw new IllegalStateException("Failed to reload configs: " + e.getMessage(), e);
        }
        log.info("Reloading configuration...");
        local.reload(fresh.discovery().services(), fresh.discovery().checks());
        try {
            watches.reload(fresh);
        } catch (io.proconsul.cli.watch.WatchSpec.InvalidException e) {
            throw new IllegalStateException("Failed reloading watches: " + e.getMessage(), e);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** The port the HTTP API is bound to (the configured one, or the ephemeral one for port 0). */
    public int httpPort() {
        return http.port();
    }

    /** The port DNS is bound to (UDP and TCP); -1 when DNS is disabled. */
    public int dnsPort() {
        return dns.port();
    }

    /** Blocks until {@link #close()} has finished, from whichever thread called it. */
    public void awaitStop() throws InterruptedException {
        agent.awaitStop();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Requesting shutdown");
        agent.close();
        bus.close();
        log.info("shutdown complete");
    }

    private void logLeader(LeaderChanged e) {
        if (e.self()) {
            log.info("cluster leadership acquired");
        } else if (e.leader().isPresent()) {
            log.info("New leader elected: payload={}", e.leader().get());
        } else {
            log.warn("cluster leadership lost");
        }
    }
}
