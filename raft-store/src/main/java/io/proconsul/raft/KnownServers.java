package io.proconsul.raft;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.raft.rpc.RpcFrames;
import io.proconsul.raft.rpc.RpcServer;
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
 * Also where each listens for client RPC, to which a follower forwards writes for the leader
 * ({@link LocalSubmitter}), if that server's listener takes them ({@link RpcServer#VERSION_TAG}: during a
 * rolling upgrade the leader may be of an older build). Reaped servers are forgotten. Thread-safe; fed by
 * {@link ServerDiscovery}.
 */
final class KnownServers {

    /** One server as gossip knows it; {@code aliveSince} is null unless its status is alive. */
    record Known(RaftPeer peer, String name, String version, MemberStatus status, Instant aliveSince) {}

    private final Map<RaftPeerId, Known> servers = new ConcurrentHashMap<>();
    /**
     * {@code ip:port} of the client RPC listener (gossip tag {@link RpcServer#GOSSIP_TAG}) of each server
     * that takes forwarded writes there ({@link #takesWriteIndexed}); the others are left out.
     */
    private final Map<RaftPeerId, String> clientRpc = new ConcurrentHashMap<>();

    /** Records what {@code event} says about a server of this datacenter ({@code peer} is its identity). */
    void record(MemberEvent event, RaftPeer peer) {
        Member m = event.member();
        if (event.type() == MemberEvent.Type.REAP) {
            servers.remove(peer.getId());
            clientRpc.remove(peer.getId());
            return;
        }
        String rpcPort = m.tags().get(RpcServer.GOSSIP_TAG);
        if (rpcPort == null || rpcPort.equals("0") || rpcPort.startsWith("-") || !takesWriteIndexed(m.tags())) {
            clientRpc.remove(peer.getId());
        } else {
            clientRpc.put(peer.getId(), m.addr() + ":" + rpcPort);
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

    /**
     * Where the server {@code id} takes forwarded writes over client RPC ({@code ip:port}): its listener,
     * if it advertises one and says it takes {@link RpcFrames#WRITE_INDEXED}. Empty otherwise (no listener,
     * or an older build, which would close the connection on that frame): then writes for it go through
     * Ratis ({@link LeaderForwarder}).
     */
    Optional<String> clientRpcAddress(RaftPeerId id) {
        return id == null ? Optional.empty() : Optional.ofNullable(clientRpc.get(id));
    }

    /**
     * Whether a server with these gossip tags takes {@link RpcFrames#WRITE_INDEXED} on its client RPC
     * listener: its {@link RpcServer#VERSION_TAG} is 2 or more. No tag is version 1 (builds before it); an
     * unreadable one counts as such too, as the safe choice (the Ratis path works with every build).
     */
    static boolean takesWriteIndexed(Map<String, String> tags) {
        String vsn = tags.get(RpcServer.VERSION_TAG);
        if (vsn == null) {
            return false;
        }
        try {
            return Integer.parseInt(vsn.trim()) >= 2;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The server known at {@code address} ({@code ip:port}), if any. */
    Optional<Known> byAddress(String address) {
        return servers.values().stream().filter(k -> k.peer().getAddress().equals(address)).findFirst();
    }
}
