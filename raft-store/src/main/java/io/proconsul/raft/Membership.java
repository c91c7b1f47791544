package io.proconsul.raft;

import io.proconsul.core.store.NoClusterLeaderException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftServer;

/**
 * Changes to the Raft configuration, Consul's {@code AddVoter}/{@code RemoveServer}: the leader adds a
 * server that joined and removes one that left. A joining server first enters the group with an empty
 * configuration, so it neither votes nor campaigns until the leader's configuration entry reaches it.
 *
 * <p>Thread-safe; every change completes when Ratis has committed the new configuration, or fails with
 * {@link NoClusterLeaderException} on a server that does not lead.
 */
final class Membership {

    private final RaftServer server;
    private final RaftView view;
    private final RaftGroupId groupId;
    private final RaftPeerId self;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();

    Membership(RaftServer server, RaftView view, RaftGroupId groupId, RaftPeerId self) {
        this.server = server;
        this.groupId = groupId;
        this.view = view;
        this.self = self;
    }

    /** Forms the group from {@code peers}, this server included (bootstrap-expect reached). */
    void form(List<RaftPeer> peers) throws IOException {
        server.groupManagement(GroupManagementRequest.newAdd(clientId, self, callIds.incrementAndGet(),
                RaftGroup.valueOf(groupId, peers)));
    }

    /** Enters the existing group as a server waiting to be added by its leader. */
    void join() throws IOException {
        server.groupManagement(GroupManagementRequest.newAdd(clientId, self, callIds.incrementAndGet(),
                RaftGroup.valueOf(groupId)));
    }

    /**
     * After Ratis closed this server's division because the leader's configuration no longer has it: drops
     * the division with its log (outside the configuration that log counts for nothing; the applied state
     * lives elsewhere and stays) and enters the group again as a joiner, to be added back by the leader.
     */
    void rejoin() throws IOException {
        RaftClientReply removed = server.groupManagement(GroupManagementRequest.newRemove(clientId, self,
                callIds.incrementAndGet(), groupId, true, false));
        if (!removed.isSuccess()) {
            throw new IOException("could not drop the closed group: " + removed.getException());
        }
        join();
    }

    /** Leader: makes {@code peer} a voter; nothing to do if it already is one. */
    CompletableFuture<Void> addVoter(RaftPeer peer) {
        List<RaftPeer> voters = new ArrayList<>(view.voters());
        if (voters.stream().anyMatch(p -> p.getId().equals(peer.getId()))) {
            return CompletableFuture.completedFuture(null);
        }
        voters.add(peer);
        return setConfiguration(voters);
    }

    /** Leader: removes the server {@code id} from the voters; nothing to do if it is not one. */
    CompletableFuture<Void> removeVoter(RaftPeerId id) {
        List<RaftPeer> voters = new ArrayList<>(view.voters());
        if (!voters.removeIf(p -> p.getId().equals(id))) {
            return CompletableFuture.completedFuture(null);
        }
        return setConfiguration(voters);
    }

    private CompletableFuture<Void> setConfiguration(List<RaftPeer> voters) {
        if (!view.isLeader()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        try {
            return server.setConfigurationAsync(new SetConfigurationRequest(
                    clientId, self, groupId, callIds.incrementAndGet(), voters)).thenAccept(reply -> {
                        if (!reply.isSuccess()) {
                            throw new IllegalStateException("configuration change failed: " + reply.getException());
                        }
                    });
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
