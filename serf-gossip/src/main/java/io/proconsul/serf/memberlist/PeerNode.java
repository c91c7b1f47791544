package io.proconsul.serf.memberlist;

import java.net.InetSocketAddress;

/**
 * Memberlist's mutable record of one node ({@code nodeState}). Confined to the gossip thread; others see
 * {@link NodeInfo} copies.
 */
final class PeerNode {

    final String name;
    String host;
    int port;
    InetSocketAddress address;
    byte[] meta;
    byte[] protocol;
    long incarnation;
    NodeState state;
    long stateChangeNanos;

    PeerNode(String name, String host, int port, byte[] meta, byte[] protocol, long nowNanos) {
        this.name = name;
        this.meta = meta;
        this.protocol = protocol;
        this.state = NodeState.DEAD;
        this.stateChangeNanos = nowNanos;
        moveTo(host, port);
    }

    void moveTo(String newHost, int newPort) {
        this.host = newHost;
        this.port = newPort;
        this.address = new InetSocketAddress(newHost, newPort);
    }

    boolean sameAddress(String otherHost, int otherPort) {
        return host.equals(otherHost) && port == otherPort;
    }

    NodeInfo info() {
        return new NodeInfo(name, host, port, meta, incarnation, state, protocol);
    }
}
