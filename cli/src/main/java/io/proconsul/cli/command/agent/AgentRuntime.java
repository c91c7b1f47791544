package io.proconsul.cli.command.agent;

import io.proconsul.core.agent.Agent;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.EventBus;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.event.LeaderChanged;
import io.proconsul.core.store.Store;
import io.proconsul.http.HttpServer;
import io.proconsul.raft.RaftStore;
import io.proconsul.serf.SerfPool;
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
    private final HttpServer http;

    private AgentRuntime(AgentConfig config) {
        this.config = config;
        this.store = new RaftStore(config, bus);
        this.lan = new SerfPool(GossipSetup.lan(config), bus);
        this.wan = new SerfPool(GossipSetup.wan(config), bus);
        this.http = new HttpServer(config, store, null, null, null, null);
        // The store listens for server member events from start(), so gossip starts after it.
        agent.add(store).add(lan).add(wan).add(new JoinLoop(config, lan, this::close)).add(http);
        bus.subscribe(LeaderChanged.class, this::logLeader);
    }

    /** Assembles (but does not start) the agent for {@code config}, whose node ID is already resolved. */
    public static AgentRuntime create(AgentConfig config) {
        if (!config.server()) {
            throw new IllegalArgumentException("client agents (without -server) need gossip to find servers, "
                    + "which this build does not have yet: start the agent with -server, or -dev");
        }
        return new AgentRuntime(config);
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

    /** The WAN gossip pool (servers only). */
    public SerfPool wan() {
        return wan;
    }

    /** The port the HTTP API is bound to (the configured one, or the ephemeral one for port 0). */
    public int httpPort() {
        return http.port();
    }

    /** Blocks until {@link #close()} has finished, from whichever thread called it. */
    public void awaitStop() throws InterruptedException {
        agent.awaitStop();
    }

    @Override
    public void close() {
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
