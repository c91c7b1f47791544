package io.proconsul.cli.command.members;

import io.proconsul.core.Version;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.operator.Operator;
import io.proconsul.http.HttpServer;
import io.proconsul.raft.RaftStore;
import io.proconsul.serf.SerfConfig;
import io.proconsul.serf.SerfPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * A real single-server agent for the cluster commands' tests, assembled from the real parts the way the
 * agent assembles them: a Raft store in a temporary directory (it elects itself), LAN and WAN serf pools on
 * 127.0.0.1 with timings scaled down tenfold, and the HTTP API on an ephemeral port. Extra LAN pools
 * ({@link #peer}) stand in for other agents. {@code PUT /v1/agent/leave} counts down {@link #shutdown}
 * instead of ending the JVM. Close it to stop everything.
 */
public final class GossipAgent implements AutoCloseable {

    public final AgentConfig config;
    public final SerfPool lan;
    public final SerfPool wan;
    public final RaftStore store;
    public final CountDownLatch shutdown = new CountDownLatch(1);
    private final InProcessEventBus bus = new InProcessEventBus();
    private final InProcessEventBus gossipBus = new InProcessEventBus();
    private final List<SerfPool> peers = new ArrayList<>();
    private final HttpServer http;

    private GossipAgent(Path dataDir, String node) throws Exception {
        config = new AgentConfig(node, UUID.randomUUID().toString(), "dc1", "dc1", dataDir.toString(), true, true,
                0, false, "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE,
                new AgentConfig.Ports(-1, 0, -1, -1, 0, 0, freePort()), "INFO", "", false,
                AgentConfig.Limits.DEFAULTS, "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0, false,
                Map.of(), new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1));
        store = new RaftStore(config, bus);
        store.start();
        lan = pool(SerfConfig.lan(node, "127.0.0.1", 0, "dc1").withTags(tags(true, config.nodeId())));
        wan = pool(SerfConfig.wan(node + ".dc1", "127.0.0.1", 0, "dc1").withTags(tags(true, config.nodeId())));
        // The Raft store answers /v1/operator/* once it implements Operator; until then those say "No known
        // Consul servers". The cast through Object keeps this compiling either way.
        Operator operator = ((Object) store) instanceof Operator o ? o : null;
        http = new HttpServer(config, store, lan, wan, operator, shutdown::countDown);
        http.start();
    }

    /** Starts an agent named {@code node} and waits until its store has a leader. */
    public static GossipAgent start(Path dataDir, String node) throws Exception {
        GossipAgent agent = new GossipAgent(dataDir, node);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (agent.store.leader().isEmpty()) {
            if (System.nanoTime() > deadline) {
                agent.close();
                throw new IllegalStateException("test agent elected no leader within 20 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        return agent;
    }

    /** Another agent's LAN pool (a client), started but not joined. */
    public SerfPool peer(String node) throws Exception {
        return pool(SerfConfig.lan(node, "127.0.0.1", 0, "dc1").withTags(tags(false, UUID.randomUUID().toString())));
    }

    private SerfPool pool(SerfConfig config) throws Exception {
        SerfPool pool = new SerfPool(config.scaled(0.1), gossipBus);
        pool.start();
        peers.add(pool);
        return pool;
    }

    private static Map<String, String> tags(boolean server, String id) {
        String build = Version.CONSUL + ":" + Version.REVISION;
        return server
                ? Map.of("role", "consul", "dc", "dc1", "id", id, "vsn", "2", "build", build, "port", "8300")
                : Map.of("role", "node", "dc", "dc1", "id", id, "vsn", "2", "build", build);
    }

    /** The {@code -http-addr} flag for this agent. */
    public String httpAddrFlag() {
        return "-http-addr=127.0.0.1:" + http.port();
    }

    public static String gossipAddr(SerfPool pool) {
        return "127.0.0.1:" + pool.boundPort();
    }

    /** A port free at the moment of the call. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        peers.forEach(SerfPool::close);
        store.close();
        bus.close();
        gossipBus.close();
    }
}
