package io.proconsul.serf.memberlist;

import java.util.List;

/**
 * The messages memberlist exchanges: over UDP (one per packet, or several in a {@link Compound}) and over
 * TCP (a {@link PushPull} exchange, or a {@link Ping} fallback answered by an {@link Ack}). Immutable.
 */
public sealed interface Message {

    /** Direct probe of {@code target}; answered by an ack with the same sequence number. */
    record Ping(int seq, String target) implements Message {}

    /**
     * Asks the receiver to probe {@code target} and to relay the ack; with {@code nack}, to answer with a
     * nack if the target stays silent (Lifeguard: tells the requester its own link works).
     */
    record IndirectPing(int seq, String target, String host, int port, boolean nack) implements Message {}

    /** Answers a ping; a direct ack carries the delegate's payload (serf: its network coordinate). */
    record Ack(int seq, byte[] payload) implements Message {
        public Ack {
            payload = payload == null ? new byte[0] : payload;
        }
    }

    record Nack(int seq) implements Message {}

    /** {@code node} is alive at {@code incarnation}; carries its address, metadata and protocol versions. */
    record Alive(long incarnation, String node, String host, int port, byte[] meta, byte[] protocol)
            implements Message {}

    record Suspect(long incarnation, String node, String from) implements Message {}

    /** {@code node} is dead at {@code incarnation}; when {@code from} is the node itself, it left. */
    record Dead(long incarnation, String node, String from) implements Message {}

    /** A broadcast of the layer above (serf's intents and events), opaque to memberlist. */
    record User(byte[] payload) implements Message {}

    record Compound(List<Message> parts) implements Message {
        public Compound {
            parts = List.copyOf(parts);
        }
    }

    /** A full state exchange: every node known and the layer above's state. */
    record PushPull(boolean join, List<NodeInfo> nodes, byte[] userState) implements Message {
        public PushPull {
            nodes = List.copyOf(nodes);
        }
    }
}
