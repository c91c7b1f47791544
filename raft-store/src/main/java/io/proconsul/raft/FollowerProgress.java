package io.proconsul.raft;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;

/**
 * What a Ratis leader knows of each follower: when it last answered and the last log index it is known
 * to hold (its match index). Both lists come from the leader's log appenders in the same order.
 */
final class FollowerProgress {

    /** {@code lastContactMillis} is {@link Long#MAX_VALUE} when the follower never answered. */
    record Progress(long lastContactMillis, long lastIndex) {}

    private FollowerProgress() {}

    /** Each follower's progress by id; empty unless {@code d} leads. */
    static Map<RaftPeerId, Progress> of(RaftServer.Division d) {
        Map<RaftPeerId, Progress> out = new HashMap<>();
        RoleInfoProto role = d.getInfo().getRoleInfoProto();
        if (!role.hasLeaderInfo()) {
            return out;
        }
        List<ServerRpcProto> followers = role.getLeaderInfo().getFollowerInfoList();
        long[] match = d.getInfo().getFollowerMatchIndices();
        for (int i = 0; i < followers.size(); i++) {
            ServerRpcProto f = followers.get(i);
            long index = match != null && match.length == followers.size() ? Math.max(0, match[i]) : 0;
            out.put(RaftPeerId.valueOf(f.getId().getId()), new Progress(f.getLastRpcElapsedTimeMs(), index));
        }
        return out;
    }

    /** The last index in this server's log (0 for an empty log). */
    static long lastIndex(RaftServer.Division d) {
        TermIndex last = d.getRaftLog().getLastEntryTermIndex();
        return last == null ? 0 : last.getIndex();
    }
}
