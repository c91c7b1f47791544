package io.proconsul.raft;

import io.proconsul.core.store.NoClusterLeaderException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Raft group a {@link RaftStore}'s Ratis server starts with: the peers of a {@code peers.json}
 * recovery, a new single-peer group (-dev, -bootstrap), the group already on disk, or none yet (the
 * servers gossip finds form one later, see {@link ServerDiscovery}).
 */
final class GroupStart {

    private static final Logger log = LoggerFactory.getLogger(GroupStart.class);

    private GroupStart() {
    }

    /** Builds (does not start) the server; {@code recovery} holds the peers of a peers.json, if one was found. */
    static RaftServer build(RaftSettings settings, StateMachines machines, Optional<List<RaftPeer>> recovery)
            throws IOException {
        boolean formed = Files.isDirectory(settings.groupDir());
        RaftServer.Builder builder = RaftServer.newBuilder()
                .setServerId(settings.self().getId())
                .setStateMachineRegistry(machines)
                .setProperties(settings.properties())
                .setOption(formed ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT);
        if (recovery.isPresent()) {
            // The given group wins over the one on disk: Ratis starts with exactly these peers.
            builder.setGroup(RaftGroup.valueOf(settings.groupId(), recovery.get()));
        } else if (settings.singlePeer() && !formed) {
            builder.setGroup(RaftGroup.valueOf(settings.groupId(), settings.self()));
        } else if (formed) {
            // Ratis loads the group it finds in its storage, with the configuration its log and metadata hold.
            log.debug("raft: recovering the group from {}", settings.groupDir());
        } else {
            log.warn("raft: no bootstrap, waiting for servers to form a cluster: {}", NoClusterLeaderException.MESSAGE);
        }
        return builder.build();
    }
}
