package io.proconsul.serf.memberlist;

import java.util.List;

/**
 * What the layer above (serf) plugs into memberlist: membership notifications, admission checks, its own
 * broadcasts and push-pull state. Every method is called on the memberlist's gossip thread, one at a
 * time, and must not block.
 */
public interface MemberlistDelegate {

    /** The local node's metadata (serf's encoded tags), at most {@code limit} bytes. */
    byte[] localMeta(int limit);

    /** A node became alive (new, or back from dead or left). */
    void notifyJoin(NodeInfo node);

    /** A node was declared dead ({@link NodeState#DEAD}) or announced it left ({@link NodeState#LEFT}). */
    void notifyLeave(NodeInfo node);

    /** An alive node's metadata changed. */
    void notifyUpdate(NodeInfo node);

    /** Returns why an alive message about {@code node} must be ignored, or {@code null} to accept it. */
    String refuseAlive(NodeInfo node);

    /** Returns why a remote state (a join or push-pull) must not be merged, or {@code null} to accept it. */
    String refuseMerge(List<NodeInfo> nodes);

    /** A broadcast of the layer above arrived. */
    void notifyMessage(byte[] payload);

    /** Broadcasts of the layer above that fit in {@code limit} bytes, counting {@code overhead} for each. */
    List<byte[]> broadcasts(int overhead, int limit);

    /** What a direct ack carries back to the prober (serf: our coordinate); at most 1024 bytes. */
    byte[] ackPayload();

    /** A direct probe of {@code node} was answered after {@code rtt} with {@code payload}. */
    void notifyPingComplete(String node, java.time.Duration rtt, byte[] payload);

    /** The layer above's state for a push-pull exchange. */
    byte[] localState(boolean join);

    /** Merges the layer above's state from a push-pull exchange. */
    void mergeRemoteState(byte[] state, boolean join);
}
