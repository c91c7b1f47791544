package io.proconsul.raft.client;

import io.proconsul.raft.command.QueryCodec;
import java.util.List;
import java.util.Optional;

/**
 * What this client agent last learned about the servers' Raft cluster: the leader and the voters, from the
 * servers' status answers and from the replies to its writes. Every answer may be stale a moment later;
 * requests that reach a server that no longer leads are redirected. Thread-safe.
 */
final class ClusterView {

    private final ServerList servers;
    private volatile String leaderId;
    private volatile String leaderAddress;
    private volatile List<String> voters = List.of();

    ClusterView(ServerList servers) {
        this.servers = servers;
    }

    /** The leader if known and among the servers gossip reports. */
    Optional<Server> leader() {
        return servers.get(leaderId);
    }

    /** The leader's server RPC address ({@code ip:port}). */
    Optional<String> leaderAddress() {
        return leaderId == null ? Optional.empty() : Optional.ofNullable(leaderAddress);
    }

    List<String> voters() {
        return voters;
    }

    /** A server answered, or redirected to, {@code id} as the leader. */
    void leaderIs(String id) {
        if (id == null) {
            return;
        }
        servers.get(id).ifPresent(p -> {
            leaderAddress = p.raftAddress();
            leaderId = id;
        });
    }

    void status(QueryCodec.Status s) {
        voters = s.voters().stream().map(v -> v.substring(v.indexOf('=') + 1)).sorted().toList();
        if (s.leaderId().isEmpty()) {
            forgetLeader();
        } else {
            leaderAddress = s.leaderAddress();
            leaderId = s.leaderId();
        }
    }

    /** No server could tell who leads (within the hold time): report none, as Consul's client would. */
    void forgetLeader() {
        leaderId = null;
        leaderAddress = null;
    }

    void forgetAll() {
        forgetLeader();
        voters = List.of();
    }
}
