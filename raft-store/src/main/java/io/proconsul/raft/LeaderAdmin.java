package io.proconsul.raft;

import io.proconsul.core.store.NoClusterLeaderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.util.TimeDuration;

/**
 * Configuration changes asked of the leader from any server, as Consul forwards an operator RPC to its
 * leader: a Ratis admin client over the group, which follows redirects to the leader. On the leader
 * itself the change goes through {@link Membership} without a network hop.
 *
 * <p>Ratis's admin calls block, so they run on the given executor. Thread-safe.
 */
final class LeaderAdmin {

    private static final long TIMEOUT_MS = 10_000;

    private final RaftView view;
    private final Membership membership;
    private final RaftProperties properties;
    private final Executor executor;

    LeaderAdmin(RaftView view, Membership membership, RaftProperties properties, Executor executor) {
        this.view = view;
        this.membership = membership;
        this.properties = properties;
        this.executor = executor;
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    /** Removes {@code id} from the voters; completes once the leader has committed the new configuration. */
    CompletableFuture<Void> removeVoter(RaftPeerId id) {
        if (view.isLeader()) {
            return membership.removeVoter(id);
        }
        RaftGroup group = view.division().map(RaftServer.Division::getGroup).orElse(null);
        RaftPeerId leader = view.leader().map(RaftPeer::getId).orElse(null);
        if (group == null || leader == null) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        List<RaftPeer> voters = view.voters().stream().filter(p -> !p.getId().equals(id)).toList();
        return CompletableFuture.runAsync(() -> {
            try (RaftClient c = RaftClient.newBuilder().setRaftGroup(group).setLeaderId(leader)
                    .setProperties(properties).build()) {
                RaftClientReply reply = c.admin().setConfiguration(voters);
                if (!reply.isSuccess()) {
                    throw new IllegalStateException("configuration change failed: " + reply.getException());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }
}
