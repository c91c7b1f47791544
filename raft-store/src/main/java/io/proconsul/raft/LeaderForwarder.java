package io.proconsul.raft;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a write, or a ReadIndex request, to the leader when this server follows: a Ratis client over the group's current
 * configuration, which follows leader redirects itself. Rebuilt when the configuration changes. This is
 * the server side of Consul's RPC forwarding; client agents will use the same path.
 *
 * <p>Thread-safe; owns its client and closes it in {@link #close()}.
 */
final class LeaderForwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderForwarder.class);

    private final RaftProperties properties;
    private RaftGroup group;
    private RaftClient client;
    private boolean closed;

    LeaderForwarder(RaftProperties properties) {
        this.properties = properties;
    }

    /** Sends {@code message} as a write to the leader of {@code current}, trying {@code leader} first. */
    CompletableFuture<RaftClientReply> send(RaftGroup current, RaftPeerId leader, Message message) {
        RaftClient c = clientFor(current, leader);
        return c == null ? CompletableFuture.failedFuture(new IOException("closed")) : c.async().send(message);
    }

    /** A linearizable read-only request to the leader: the leader confirms it leads, then answers. */
    CompletableFuture<RaftClientReply> readIndex(RaftGroup current, RaftPeerId leader, Message message) {
        RaftClient c = clientFor(current, leader);
        return c == null ? CompletableFuture.failedFuture(new IOException("closed")) : c.async().sendReadOnly(message);
    }

    private synchronized RaftClient clientFor(RaftGroup current, RaftPeerId leader) {
        if (closed) {
            return null;
        }
        if (client == null || !current.equals(group)) {
            closeClient();
            group = current;
            client = RaftClient.newBuilder().setRaftGroup(current).setLeaderId(leader).setProperties(properties).build();
        }
        return client;
    }

    private void closeClient() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                log.debug("closing forwarding client: {}", e.getMessage());
            }
            client = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeClient();
    }
}
