package io.proconsul.raft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.raft.snapshot.CheckpointSnapshots;
import io.proconsul.raft.state.StateStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manual outage recovery with {@code <data-dir>/raft/peers.json}, as Consul documents it: when too many
 * servers are lost for a quorum, the operator stops the survivors, writes the file (Consul's format,
 * {@code [{"id": "<node-id>", "address": "ip:port", "non_voter": false}]}) and starts them again. Each
 * then resets its Raft configuration to exactly those peers and keeps all its data.
 *
 * <p>How, with Ratis: the state (RocksDB, which records the term and index it has applied) is written
 * as a snapshot at that index; the log and the stored configuration are dropped, while the log's
 * metadata (the current term) stays. Ratis then starts the log right after the snapshot with the given
 * peers as the configuration, so every later write gets a higher index than any before the outage.
 * Like hashicorp/raft's {@code RecoverCluster}, entries in the log that the state had not applied yet
 * are dropped with it: a server stopped gracefully has applied all it had committed.
 */
final class PeersJsonRecovery {

    private static final Logger log = LoggerFactory.getLogger(PeersJsonRecovery.class);
    static final String FILE = "peers.json";

    private PeersJsonRecovery() {}

    /** The peers listed in {@code <raftDir>/peers.json}, or empty without that file; fails on a malformed one. */
    static Optional<List<RaftPeer>> read(Path raftDir) throws IOException {
        Path file = raftDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isArray() || root.isEmpty()) {
                throw new IOException("expected a non-empty JSON array of {\"id\", \"address\", \"non_voter\"}");
            }
            List<RaftPeer> peers = new ArrayList<>();
            for (JsonNode n : root) {
                peers.add(peer(n));
            }
            return Optional.of(peers);
        } catch (IOException e) {
            throw new IOException("failed to read " + file + " for Raft recovery: " + e.getMessage(), e);
        }
    }

    private static RaftPeer peer(JsonNode n) throws IOException {
        String id = n.path("id").asText("");
        String address = n.path("address").asText("");
        if (!n.isObject() || id.isEmpty() || !address.matches(".+:\\d{1,5}")) {
            throw new IOException("each entry needs an \"id\" and an \"address\" of the form ip:port, got " + n);
        }
        // A non-voter of Consul's is a Ratis listener: it receives the log but does not vote.
        RaftPeerRole role = n.path("non_voter").asBoolean(false) ? RaftPeerRole.LISTENER : RaftPeerRole.FOLLOWER;
        return RaftPeer.newBuilder().setId(id).setAddress(address).setStartupRole(role).build();
    }

    /**
     * Prepares the group directory so that Ratis, started with {@code peers} as the group, recovers with
     * exactly that configuration and the state kept. A server without a group directory has nothing to
     * keep: it simply starts a new member of that configuration.
     */
    static void prepare(RaftSettings settings, List<RaftPeer> peers) throws IOException {
        log.info("raft: found {}, recovering the Raft configuration as {}", settings.raftDir().resolve(FILE), peers);
        Path group = settings.groupDir();
        if (!Files.isDirectory(group)) {
            return;
        }
        snapshotState(settings.stateDir(), group);
        Path current = group.resolve("current");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(current, "{log_*,raft-meta.conf}")) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
    }

    /** Writes the state as the latest snapshot, at the term and index it has applied. */
    private static void snapshotState(Path stateDir, Path group) throws IOException {
        try (StateStore state = new StateStore(stateDir)) {
            long[] at = state.appliedTermIndex();
            if (at[1] <= 0) {
                return;
            }
            CheckpointSnapshots snapshots = CheckpointSnapshots.at(group.resolve("sm"), group.resolve("tmp"));
            if (snapshots.getLatestSnapshot() == null || snapshots.getLatestSnapshot().getIndex() < at[1]) {
                snapshots.take(state, TermIndex.valueOf(at[0], at[1]));
            }
            log.info("raft: recovery keeps the state at index {} (term {})", at[1], at[0]);
        }
    }

    /** After a successful start, as Consul does, so that the next restart does not reset again. */
    static void delete(Path raftDir) throws IOException {
        Files.deleteIfExists(raftDir.resolve(FILE));
        log.info("raft: deleted {} after successful recovery", raftDir.resolve(FILE));
    }
}
