package io.proconsul.raft;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * What this server knows about its Raft group right now, read from the local Ratis division: whether it
 * leads, who does, the voters, when it last heard from the leader. Every answer is a snapshot that may be
 * stale a moment later. Before the group exists here (a server still waiting for its peers) there is no
 * division and every answer is "no leader". Thread-safe.
 */
final class RaftView {

    private final RaftServer server;
    private final RaftGroupId groupId;

    RaftView(RaftServer server, RaftGroupId groupId) {
        this.server = server;
        this.groupId = groupId;
    }

    /** The local division of the group, or empty when this server is not (yet) part of it. */
    Optional<RaftServer.Division> division() {
        try {
            return Optional.of(server.getDivision(groupId));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The server is shutting down or down: nothing waits for a leader any more. */
    boolean isClosed() {
        return server.getLifeCycleState().isClosingOrClosed();
    }

    /** Leader, and past its first entry of the term: the state reflects every committed write. */
    boolean isLeaderReady() {
        return division().map(d -> d.getInfo().isLeader() && d.getInfo().isLeaderReady()).orElse(false);
    }

    boolean isLeader() {
        return division().map(d -> d.getInfo().isLeader()).orElse(false);
    }

    Optional<RaftPeer> leader() {
        return division().flatMap(d -> {
            RaftPeerId id = d.getInfo().getLeaderId();
            return id == null ? Optional.empty() : Optional.ofNullable(d.getRaftConf().getPeer(id));
        });
    }

    /** The voters of the current configuration. */
    List<RaftPeer> voters() {
        return division().map(d -> List.copyOf(d.getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER)))
                .orElse(List.of());
    }

    /**
     * Milliseconds since the leader was last heard from: 0 on the leader, as Consul reports it; -1 when
     * no leader has been heard from.
     */
    long lastContactMillis() {
        return division().map(d -> {
            RoleInfoProto role = d.getInfo().getRoleInfoProto();
            if (role.getRole() == RaftPeerRole.LEADER) {
                return 0L;
            }
            if (role.hasFollowerInfo() && d.getInfo().getLeaderId() != null) {
                return role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
            }
            return -1L;
        }).orElse(-1L);
    }
}
