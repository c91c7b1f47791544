package io.proconsul.raft.client;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.raft.RaftStore;
import io.proconsul.raft.rpc.RpcServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real server agents on loopback (RaftStores with their own buses) and the gossip events a LAN pool would
 * publish about them, for the client agent tests.
 */
final class TestServers implements AutoCloseable {

    final List<RaftStore> stores = new ArrayList<>();
    final List<AgentConfig> configs = new ArrayList<>();
    private final List<InProcessEventBus> buses = new ArrayList<>();

    /** Starts {@code n} servers expecting each other and tells them about each other, as gossip would. */
    static TestServers start(Path dir, int n) throws Exception {
        TestServers s = new TestServers();
        for (int i = 1; i <= n; i++) {
            AgentConfig c = config(dir.resolve("s" + i), "server" + i, true, n);
            InProcessEventBus bus = new InProcessEventBus();
            RaftStore store = new RaftStore(c, bus);
            s.configs.add(c);
            s.buses.add(bus);
            s.stores.add(store);
            store.start();
        }
        for (InProcessEventBus bus : s.buses) {
            s.announce(bus, MemberEvent.Type.JOIN);
        }
        return s;
    }

    /** The event bus of server {@code i}, on which its gossip events arrive. */
    InProcessEventBus bus(int i) {
        return buses.get(i);
    }

    /** Publishes on {@code bus} one event per server, as the LAN pool reports servers. */
    void announce(InProcessEventBus bus, MemberEvent.Type type) {
        for (int i = 0; i < stores.size(); i++) {
            bus.publish(new MemberEvent(type, member(i, "dc1"), "lan"));
        }
    }

    Member member(int i, String dc) {
        AgentConfig c = configs.get(i);
        return new Member(c.nodeName(), "127.0.0.1", 8301,
                Map.of("role", "consul", "dc", dc, "port", String.valueOf(stores.get(i).serverPort()),
                        RpcServer.GOSSIP_TAG, String.valueOf(stores.get(i).clientRpcPort()),
                        RpcServer.VERSION_TAG, String.valueOf(RpcServer.VERSION),
                        "expect", String.valueOf(stores.size()), "id", c.nodeName()),
                MemberStatus.ALIVE, null);
    }

    RaftStore leader() {
        return stores.stream().filter(s -> "Leader".equals(s.raftStats().get("state"))).findFirst().orElseThrow();
    }

    RaftStore follower() {
        return stores.stream().filter(s -> "Follower".equals(s.raftStats().get("state"))).findFirst().orElseThrow();
    }

    /** A server (or, with {@code server} false, a client agent's) configuration on loopback. */
    static AgentConfig config(Path dataDir, String nodeName, boolean server, int expect) {
        AgentConfig.Ports ports = new AgentConfig.Ports(8600, 8500, -1, -1, 8301, 8302, 0);
        return new AgentConfig(nodeName, "", "dc1", "dc1", dataDir.toString(), server, false, server ? expect : 0,
                false, "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE, ports, "INFO", "", false,
                AgentConfig.Limits.DEFAULTS, "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0, false,
                Map.of(), new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 3));
    }

    @Override
    public void close() {
        stores.forEach(RaftStore::close);
        buses.forEach(InProcessEventBus::close);
    }
}
