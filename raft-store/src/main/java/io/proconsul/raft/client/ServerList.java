package io.proconsul.raft.client;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.raft.rpc.RpcServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servers of this agent's datacenter as LAN gossip reports them, the role Consul's {@code router}
 * plays for a client agent: a server joins the list on a {@code JOIN} or {@code UPDATE} while alive and
 * leaves it on {@code LEAVE}, {@code FAILED} or {@code REAP} (Consul's client {@code nodeFail}).
 *
 * <p>Like Consul's router the client talks to one preferred server, picked at random so that clients
 * spread over the servers, and rotates to another when that one fails. Thread-safe.
 */
final class ServerList {

    private final String datacenter;
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private volatile String preferred;

    ServerList(String datacenter) {
        this.datacenter = datacenter;
    }

    /** Applies one gossip event; returns whether the list changed. */
    boolean onEvent(MemberEvent e) {
        Member m = e.member();
        if (!"lan".equals(e.pool()) || !m.isServer() || !m.datacenter().equals(datacenter)) {
            return false;
        }
        Server peer = serverOf(m);
        if (peer == null) {
            return false;
        }
        boolean alive = (e.type() == MemberEvent.Type.JOIN || e.type() == MemberEvent.Type.UPDATE)
                && m.status() == MemberStatus.ALIVE;
        if (alive) {
            return !peer.equals(servers.put(peer.id(), peer));
        }
        return servers.remove(peer.id()) != null;
    }

    /**
     * The member as a server to send requests to: its Raft identity as servers derive it for each other
     * (its node ID tag, else its name, at its address and {@code port} tag) and its client RPC port (tag
     * {@link RpcServer#GOSSIP_TAG}); null when it advertises no usable port.
     */
    static Server serverOf(Member m) {
        String port = m.tags().get("port");
        String rpcPort = m.tags().get(RpcServer.GOSSIP_TAG);
        if (port == null || port.equals("0") || rpcPort == null || rpcPort.equals("0") || m.addr() == null
                || m.addr().isEmpty()) {
            return null;
        }
        String id = m.tags().getOrDefault("id", "");
        return new Server(id.isEmpty() ? m.name() : id, m.addr() + ":" + port, m.addr() + ":" + rpcPort);
    }

    List<Server> all() {
        return List.copyOf(servers.values());
    }

    boolean isEmpty() {
        return servers.isEmpty();
    }

    Optional<Server> get(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(servers.get(id));
    }

    /** The server to use while it works; empty when none is known. */
    Optional<Server> preferred() {
        Optional<Server> p = get(preferred);
        return p.isPresent() ? p : rotate(null);
    }

    /** After {@code failed} did not answer: prefer another server (at random), if there is one. */
    Optional<Server> rotate(String failed) {
        List<Server> candidates = new ArrayList<>(servers.values());
        if (candidates.size() > 1 && failed != null) {
            candidates.removeIf(p -> p.id().equals(failed));
        }
        if (candidates.isEmpty()) {
            preferred = null;
            return Optional.empty();
        }
        Collections.shuffle(candidates);
        preferred = candidates.get(0).id();
        return Optional.of(candidates.get(0));
    }
}
