package io.proconsul.raft;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;
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

    private static final int MAX_ATTEMPTS = 30;
    private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(200, TimeUnit.MILLISECONDS);

    /**
     * Resends (with the same call id) only after failures that prove the leader did not take the request:
     * a redirect, a leader not ready yet, a connection never made. After a timeout the write may already
     * be in the log, so it is not resent; the caller reports "No cluster leader" and the write applies
     * at most once.
     */
    static final RetryPolicy RETRY_IF_NOT_SENT = event -> {
        Throwable cause = event.getCause();
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        boolean notTaken = cause instanceof NotLeaderException || cause instanceof LeaderNotReadyException
                || cause instanceof ServerNotReadyException || cause instanceof ConnectException;
        return notTaken && event.getAttemptCount() < MAX_ATTEMPTS ? () -> RETRY_SLEEP : RetryPolicy.NO_RETRY_ACTION;
    };

    private final RaftProperties properties;
    private RaftGroup group;
    private RaftPeerId leaderHint;
    private RaftClient client;
    private boolean closed;

    LeaderForwarder(RaftProperties properties) {
        this.properties = properties;
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties,
                TimeDuration.valueOf(LocalSubmitter.HOLD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
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

    /**
     * A request the leader's state machine answers in {@code query} without a ReadIndex round (a Ratis
     * stale read with no minimum index): how a follower asks the leader for what only it knows.
     */
    CompletableFuture<RaftClientReply> askLeader(RaftGroup current, RaftPeerId leader, Message message) {
        RaftClient c = clientFor(current, leader);
        return c == null ? CompletableFuture.failedFuture(new IOException("closed"))
                : c.async().sendStaleRead(message, 0, leader);
    }

    private synchronized RaftClient clientFor(RaftGroup current, RaftPeerId leader) {
        if (closed) {
            return null;
        }
        // A new leader means a new client too: the old one would first try the leader it last knew, which
        // after a crash is a closed channel, and a write that failed there is not resent (it may have
        // been taken).
        if (client == null || !current.equals(group) || !java.util.Objects.equals(leader, leaderHint)) {
            closeClient();
            group = current;
            leaderHint = leader;
            client = RaftClient.newBuilder().setRaftGroup(current).setLeaderId(leader).setProperties(properties)
                    .setRetryPolicy(RETRY_IF_NOT_SENT).build();
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
