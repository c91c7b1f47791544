package io.proconsul.http;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.raft.RaftStore;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;

/**
 * A real dev-mode server agent for the gossip ITs: a {@link RaftStore} in {@code dataDir}, the LAN and WAN
 * pool members "node1" of {@link #gossip()} (a server, so tagged {@code role=consul}), and an
 * {@link HttpServer} on an ephemeral port answering with both pools. More pools to join it come from
 * {@link #gossip()}; {@link #close()} stops the HTTP server, every pool, the store and its bus, in that order.
 */
final class GossipServer implements AutoCloseable {

    private final GossipPools gossip = new GossipPools();
    private InProcessEventBus bus;
    private RaftStore store;
    private SerfPool lan;
    private SerfPool wan;
    private HttpServer server;

    /** Starts the store, the pools and the HTTP server; a failure leaves what started for {@link #close()}. */
    GossipServer start(Path dataDir) throws Exception {
        AgentConfig config = TestConfigs.dev(dataDir.toString(), AgentConfig.Limits.DEFAULTS);
        bus = new InProcessEventBus();
        store = new RaftStore(config, bus);
        store.start();
        lan = gossip.lan("node1", true);
        wan = gossip.wan("node1");
        server = new HttpServer(config, store, lan, wan, null, null);
        server.start();
        return this;
    }

    /** The pools of this test: the server's two and any started for it to see. */
    GossipPools gossip() {
        return gossip;
    }

    /** The server's LAN pool member "node1". */
    SerfPool lan() {
        return lan;
    }

    /** The HTTP server's bound port. */
    int port() {
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        gossip.close();
        if (store != null) {
            store.close();
        }
        if (bus != null) {
            bus.close();
        }
    }
}
