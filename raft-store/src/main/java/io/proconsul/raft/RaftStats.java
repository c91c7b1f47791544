package io.proconsul.raft;

import io.proconsul.core.GoDuration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.SnapshotInfo;

/**
 * The {@code raft} section of {@code consul info} (hashicorp/raft's {@code Stats()}), with the same keys
 * and value formats, read from the local Ratis division.
 */
final class RaftStats {

    private RaftStats() {}

    static Map<String, String> of(RaftView raft) {
        Map<String, String> m = new LinkedHashMap<>();
        RaftServer.Division d = raft.division().orElse(null);
        long applied = d == null ? 0 : Math.max(0, d.getInfo().getLastAppliedIndex());
        long commit = d == null ? 0 : Math.max(0, d.getRaftLog().getLastCommittedIndex());
        TermIndex last = d == null ? null : d.getRaftLog().getLastEntryTermIndex();
        SnapshotInfo snap = d == null ? null : d.getStateMachine().getLatestSnapshot();
        m.put("applied_index", Long.toString(applied));
        m.put("commit_index", Long.toString(commit));
        m.put("fsm_pending", Long.toString(Math.max(0, commit - applied)));
        m.put("last_contact", lastContact(raft.lastContactMillis()));
        m.put("last_log_index", Long.toString(last == null ? 0 : last.getIndex()));
        m.put("last_log_term", Long.toString(last == null ? 0 : last.getTerm()));
        m.put("last_snapshot_index", Long.toString(snap == null ? 0 : snap.getIndex()));
        m.put("last_snapshot_term", Long.toString(snap == null ? 0 : snap.getTerm()));
        m.put("latest_configuration", raft.voters().stream()
                .map(p -> "{Suffrage:Voter ID:" + p.getId() + " Address:" + p.getAddress() + "}")
                .collect(Collectors.joining(" ", "[", "]")));
        m.put("latest_configuration_index", Long.toString(d == null ? 0 : Math.max(0, d.getRaftConf().getLogEntryIndex())));
        m.put("num_peers", Integer.toString(Math.max(0, raft.voters().size() - 1)));
        m.put("protocol_version", "3");
        m.put("protocol_version_max", "3");
        m.put("protocol_version_min", "0");
        m.put("snapshot_version_max", "1");
        m.put("snapshot_version_min", "0");
        m.put("state", state(d));
        m.put("term", Long.toString(d == null ? 0 : d.getInfo().getCurrentTerm()));
        return m;
    }

    private static String state(RaftServer.Division d) {
        if (d == null) {
            return "Follower";
        }
        if (d.getInfo().isLeader()) {
            return "Leader";
        }
        return d.getInfo().isCandidate() ? "Candidate" : "Follower";
    }

    /** hashicorp/raft prints "never" before any contact and 0 on the leader, else a Go duration. */
    private static String lastContact(long millis) {
        if (millis < 0) {
            return "never";
        }
        return millis == 0 ? "0" : GoDuration.format(java.time.Duration.ofMillis(millis));
    }
}
