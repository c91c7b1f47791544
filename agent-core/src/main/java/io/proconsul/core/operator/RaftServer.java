package io.proconsul.core.operator;

/**
 * One server of the Raft configuration, as {@code /v1/operator/raft/configuration} lists it.
 *
 * @param id the Raft server ID (Consul uses the node ID)
 * @param node the node name
 * @param address the server RPC address, {@code ip:port}
 * @param protocolVersion Consul's raft protocol version string ({@code "3"})
 * @param lastIndex the last log index this server is known to hold (0 when unknown)
 */
public record RaftServer(
        String id, String node, String address, boolean leader, boolean voter, String protocolVersion, long lastIndex) {}
