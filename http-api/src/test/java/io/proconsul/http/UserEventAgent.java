package io.proconsul.http;

import io.proconsul.core.Version;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.local.LocalAgent;
import io.proconsul.core.userevent.UserEvents;
import io.proconsul.raft.RaftStore;
import io.proconsul.serf.SerfConfig;
import io.proconsul.serf.SerfPool;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real dev-mode agent that handles user events, for the ITs of {@code /v1/event} and of what runs beside
 * it: a {@link RaftStore} in {@code dataDir}, the {@link LocalAgent}'s services and checks, a LAN pool member
 * "node1" tagged as a server (timings scaled down tenfold), {@link UserEvents} on that pool, and an
 * {@link HttpServer} on an ephemeral port. {@link #close()} stops them in the reverse order of their use.
 */
final class UserEventAgent implements AutoCloseable {

    private final InProcessEventBus bus = new InProcessEventBus();
    private RaftStore store;
    private LocalAgent local;
    private SerfPool lan;
    private UserEvents events;
    private HttpServer server;

    /** Starts every part; a failure leaves what started for {@link #close()}. */
    UserEventAgent start(Path dataDir) throws Exception {
        AgentConfig config = TestConfigs.dev(dataDir.toString(), AgentConfig.Limits.DEFAULTS);
        store = new RaftStore(config, bus);
        store.start();
        local = new LocalAgent(config, store);
        local.start();
        lan = new SerfPool(SerfConfig.lan("node1", "127.0.0.1", 0, "dc1").withTags(Map.of("role", "consul", "dc",
                "dc1", "id", config.nodeId(), "vsn", "2", "build", Version.CONSUL + ":" + Version.REVISION,
                "port", "8300")).scaled(0.1), bus);
        events = new UserEvents(config.nodeName(), bus, lan, local::services, null);
        events.start();
        lan.start();
        server = new HttpServer(config, store, lan, null, null, null, local, null).userEvents(events);
        server.start();
        return this;
    }

    /** The HTTP server's bound port. */
    int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {server, lan, events, local, store, bus}) {
            if (c != null) {
                c.close();
            }
        }
    }
}
