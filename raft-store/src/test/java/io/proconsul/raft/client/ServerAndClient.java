package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.raft.Poll;
import io.proconsul.raft.RaftStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real server, leading, and a client agent's store ({@code client1}) that learned of it through a LAN
 * {@code JOIN} on its own bus and sees it as leader: the fixture of the {@code *ThroughClientIT} tests.
 * {@link #close()} closes the client, its bus and the server.
 */
final class ServerAndClient implements AutoCloseable {

    final TestServers servers;
    final RaftStore server;
    final ServerForwardingStore client;
    private final InProcessEventBus clientBus;

    private ServerAndClient(TestServers servers, ServerForwardingStore client, InProcessEventBus clientBus) {
        this.servers = servers;
        this.server = servers.stores.get(0);
        this.client = client;
        this.clientBus = clientBus;
    }

    /** Starts both under {@code dir} and waits until the client knows the leader. */
    static ServerAndClient start(Path dir) throws Exception {
        TestServers servers = TestServers.start(dir, 1);
        InProcessEventBus clientBus = new InProcessEventBus();
        ServerAndClient f = new ServerAndClient(servers,
                new ServerForwardingStore(TestServers.config(dir.resolve("c"), "client1", false, 0), clientBus),
                clientBus);
        try {
            Poll.until(Duration.ofSeconds(20), () -> assertThat(f.server.leader()).isPresent());
            f.client.start();
            servers.announce(clientBus, MemberEvent.Type.JOIN);
            Poll.until(Duration.ofSeconds(10), () -> assertThat(f.client.leader()).isPresent());
            return f;
        } catch (Exception | Error e) {
            f.close();
            throw e;
        }
    }

    @Override
    public void close() {
        client.close();
        clientBus.close();
        servers.close();
    }
}
