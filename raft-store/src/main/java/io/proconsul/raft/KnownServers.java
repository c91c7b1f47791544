package io.proconsul.raft;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * The servers of this datacenter as LAN gossip last reported them, by Raft peer id: their node name,
 * RPC address, gossip status and since when they have been alive. Consul's leader reads the same from
 * its serf LAN members (names in {@code operator raft list-peers}, the serf status autopilot judges).
 * Reaped servers are forgotten. Thread-safe; fed by {@link ServerDiscovery}.
 */
final class KnownServers {

    /** One server as gossip knows it; {@code aliveSince} is null unless its status is alive. */
    record Known(RaftPeer peer, String name, String version, MemberStatus status, Instant aliveSince) {}

    private final Map<RaftPeerId, Known> servers = new ConcurrentHashMap<>();

    /** Records what {@code event} says about a server of this datacenter ({@code peer} is its identity). */
    void record(MemberEvent event, RaftPeer peer) {
        Member m = event.member();
        if (event.type() == MemberEvent.Type.REAP) {
            servers.remove(peer.getId());
            return;
        }
        MemberStatus status = event.type() == MemberEvent.Type.FAILED ? MemberStatus.FAILED
                : event.type() == MemberEvent.Type.LEAVE ? MemberStatus.LEFT : m.status();
        servers.compute(peer.getId(), (id, old) -> {
            Instant since = status != MemberStatus.ALIVE ? null
                    : old != null && old.aliveSince() != null ? old.aliveSince() : Instant.now();
            return new Known(peer, m.name(), m.tags().getOrDefault("build", ""), status, since);
        });
    }

    Optional<Known> get(RaftPeerId id) {
        return Optional.ofNullable(servers.get(id));
    }

    /** The server known at {@code address} ({@code ip:port}), if any. */
    Optional<Known> byAddress(String address) {
        return servers.values().stream().filter(k -> k.peer().getAddress().equals(address)).findFirst();
    }
}
