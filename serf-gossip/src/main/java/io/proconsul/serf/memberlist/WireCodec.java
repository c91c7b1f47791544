package io.proconsul.serf.memberlist;

import io.proconsul.serf.memberlist.MalformedPacketException.Kind;
import io.proconsul.serf.memberlist.Message.Ack;
import io.proconsul.serf.memberlist.Message.Alive;
import io.proconsul.serf.memberlist.Message.Compound;
import io.proconsul.serf.memberlist.Message.Dead;
import io.proconsul.serf.memberlist.Message.IndirectPing;
import io.proconsul.serf.memberlist.Message.Nack;
import io.proconsul.serf.memberlist.Message.Ping;
import io.proconsul.serf.memberlist.Message.PushPull;
import io.proconsul.serf.memberlist.Message.Suspect;
import io.proconsul.serf.memberlist.Message.User;
import java.util.ArrayList;
import java.util.List;

/**
 * Our own versioned binary format for memberlist messages (no wire compatibility with Go agents is
 * wanted). A packet is a 2-byte magic, a version byte, a type byte and the body; a compound packet holds
 * up to 255 length-prefixed messages. Every field is length-checked on decode, and a packet must be
 * consumed exactly. Stateless and thread-safe.
 */
public final class WireCodec {

    static final byte MAGIC_0 = 'P';
    static final byte MAGIC_1 = 'G';
    static final int VERSION = 1;
    static final int HEADER = 3;
    /** Per-part overhead inside a compound packet (the length prefix). */
    public static final int COMPOUND_PART_OVERHEAD = 2;
    /** Header, type and count of a compound packet. */
    public static final int COMPOUND_HEADER = HEADER + 2;
    /** Bytes a user message adds around its payload (type and length). */
    public static final int USER_FRAMING = 3;
    /** The largest datagram accepted; anything longer is refused as oversized. */
    public static final int MAX_PACKET = 65_507;
    /** The largest TCP frame accepted (a push-pull of a large cluster). */
    public static final int MAX_FRAME = 16 * 1024 * 1024;

    static final int MAX_NAME = 512;
    static final int MAX_HOST = 256;
    static final int MAX_META = 1024;

    private static final int PING = 1;
    private static final int INDIRECT_PING = 2;
    private static final int ACK = 3;
    private static final int NACK = 4;
    private static final int ALIVE = 5;
    private static final int SUSPECT = 6;
    private static final int DEAD = 7;
    private static final int USER = 8;
    private static final int COMPOUND = 9;
    private static final int PUSH_PULL = 10;

    private WireCodec() {}

    /** The packet for one message, header included. */
    public static byte[] encode(Message m) {
        WireWriter w = new WireWriter().u8(MAGIC_0).u8(MAGIC_1).u8(VERSION);
        if (m instanceof Compound c) {
            w.u8(COMPOUND).u8(c.parts().size());
            for (Message part : c.parts()) {
                w.bytes16(encodeBody(part));
            }
            return w.toByteArray();
        }
        return w.raw(encodeBody(m)).toByteArray();
    }

    /** A compound packet from already encoded message bodies (see {@link #encodeBody}). */
    public static byte[] compound(List<byte[]> bodies) {
        WireWriter w = new WireWriter().u8(MAGIC_0).u8(MAGIC_1).u8(VERSION).u8(COMPOUND).u8(bodies.size());
        for (byte[] b : bodies) {
            w.bytes16(b);
        }
        return w.toByteArray();
    }

    /** The body of one message without the packet header: what a compound packet or a queue holds. */
    public static byte[] encodeBody(Message m) {
        WireWriter w = new WireWriter();
        if (m instanceof Ping p) {
            w.u8(PING).i32(p.seq()).str(p.target());
        } else if (m instanceof IndirectPing p) {
            w.u8(INDIRECT_PING).i32(p.seq()).str(p.target()).str(p.host()).u16(p.port()).bool(p.nack());
        } else if (m instanceof Ack a) {
            w.u8(ACK).i32(a.seq()).bytes16(a.payload());
        } else if (m instanceof Nack n) {
            w.u8(NACK).i32(n.seq());
        } else if (m instanceof Alive a) {
            w.u8(ALIVE).i64(a.incarnation()).str(a.node()).str(a.host()).u16(a.port()).bytes16(a.meta())
                    .bytes16(a.protocol());
        } else if (m instanceof Suspect s) {
            w.u8(SUSPECT).i64(s.incarnation()).str(s.node()).str(s.from());
        } else if (m instanceof Dead d) {
            w.u8(DEAD).i64(d.incarnation()).str(d.node()).str(d.from());
        } else if (m instanceof User u) {
            w.u8(USER).bytes16(u.payload());
        } else if (m instanceof PushPull p) {
            encodePushPull(w, p);
        } else {
            throw new IllegalArgumentException("a compound message has no body form");
        }
        return w.toByteArray();
    }

    private static void encodePushPull(WireWriter w, PushPull p) {
        w.u8(PUSH_PULL).bool(p.join()).i32(p.nodes().size());
        for (NodeInfo n : p.nodes()) {
            w.str(n.name()).str(n.host()).u16(n.port()).bytes16(n.meta()).i64(n.incarnation())
                    .u8(n.state().ordinal()).bytes16(n.protocol());
        }
        w.bytes32(p.userState());
    }

    /** Decodes one packet or frame of at most {@code maxSize} bytes. */
    public static Message decode(byte[] packet, int maxSize) throws MalformedPacketException {
        if (packet.length > maxSize) {
            throw new MalformedPacketException(Kind.OVERSIZED, packet.length + " bytes");
        }
        if (packet.length < HEADER + 1 || packet[0] != MAGIC_0 || packet[1] != MAGIC_1) {
            throw new MalformedPacketException(Kind.FOREIGN, "not a gossip packet");
        }
        if (packet[2] != VERSION) {
            throw new MalformedPacketException(Kind.VERSION, "unsupported version " + (packet[2] & 0xff));
        }
        WireReader r = new WireReader(packet, HEADER, packet.length);
        Message m = (packet[HEADER] & 0xff) == COMPOUND ? decodeCompound(r) : decodeBody(r, true);
        if (r.remaining() != 0) {
            throw new MalformedPacketException(Kind.MALFORMED, r.remaining() + " trailing bytes");
        }
        return m;
    }

    private static Compound decodeCompound(WireReader r) throws MalformedPacketException {
        r.skip(1);
        int count = r.u8();
        List<Message> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int len = r.u16();
            WireReader part = new WireReader(r.array(), r.position(), r.position() + len);
            r.skip(len);
            parts.add(decodeBody(part, false));
            if (part.remaining() != 0) {
                throw new MalformedPacketException(Kind.MALFORMED, "trailing bytes in compound part " + i);
            }
        }
        return new Compound(parts);
    }

    private static Message decodeBody(WireReader r, boolean topLevel) throws MalformedPacketException {
        int type = r.u8();
        return switch (type) {
            case PING -> new Ping(r.i32(), r.str(MAX_NAME));
            case INDIRECT_PING -> new IndirectPing(r.i32(), r.str(MAX_NAME), r.str(MAX_HOST), r.u16(), r.bool());
            case ACK -> new Ack(r.i32(), r.bytes16(MAX_META));
            case NACK -> new Nack(r.i32());
            case ALIVE -> new Alive(r.i64(), r.str(MAX_NAME), r.str(MAX_HOST), r.u16(), r.bytes16(MAX_META),
                    r.bytes16(16));
            case SUSPECT -> new Suspect(r.i64(), r.str(MAX_NAME), r.str(MAX_NAME));
            case DEAD -> new Dead(r.i64(), r.str(MAX_NAME), r.str(MAX_NAME));
            case USER -> new User(r.bytes16(MAX_PACKET));
            case PUSH_PULL -> {
                if (!topLevel) {
                    throw new MalformedPacketException(Kind.MALFORMED, "push-pull inside a compound");
                }
                yield decodePushPull(r);
            }
            default -> throw new MalformedPacketException(Kind.MALFORMED, "unknown message type " + type);
        };
    }

    private static PushPull decodePushPull(WireReader r) throws MalformedPacketException {
        boolean join = r.bool();
        int count = r.i32();
        if (count < 0 || count > r.remaining() / 16) {
            throw new MalformedPacketException(Kind.MALFORMED, "bad node count " + count);
        }
        List<NodeInfo> nodes = new ArrayList<>(count);
        NodeState[] states = NodeState.values();
        for (int i = 0; i < count; i++) {
            String name = r.str(MAX_NAME);
            String host = r.str(MAX_HOST);
            int port = r.u16();
            byte[] meta = r.bytes16(MAX_META);
            long inc = r.i64();
            int state = r.u8();
            if (state >= states.length) {
                throw new MalformedPacketException(Kind.MALFORMED, "bad node state " + state);
            }
            nodes.add(new NodeInfo(name, host, port, meta, inc, states[state], r.bytes16(16)));
        }
        return new PushPull(join, nodes, r.bytes32(MAX_FRAME));
    }
}
