package io.proconsul.serf.memberlist;

import java.util.Objects;

/**
 * An immutable view of one node as memberlist knows it, handed to the {@link MemberlistDelegate}.
 *
 * @param meta the delegate's opaque metadata (serf's encoded tags); never modified after construction
 * @param protocol memberlist min, max, current and delegate min, max, current protocol versions
 */
public record NodeInfo(String name, String host, int port, byte[] meta, long incarnation, NodeState state,
        byte[] protocol) {

    public NodeInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        meta = meta == null ? new byte[0] : meta;
        protocol = protocol == null ? new byte[6] : protocol;
        Objects.requireNonNull(state, "state");
    }
}
