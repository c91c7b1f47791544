package io.proconsul.serf.memberlist;

import io.proconsul.serf.memberlist.Message.Ack;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Sends memberlist's datagrams: each message goes out with as many queued broadcasts piggybacked as fit
 * in a UDP-safe packet, memberlist's own queue first and then the delegate's (serf's intents and events).
 * Confined to the gossip thread.
 */
final class Outbox {

    /** memberlist's {@code UDPBufferSize}: stays under common path MTUs so packets are not fragmented. */
    static final int UDP_SAFE_SIZE = 1400;

    private final Transport transport;
    private final TransmitLimitedQueue queue;
    private final MemberlistDelegate delegate;
    private final PacketCounters counters;
    private final Executor gossipThread;

    Outbox(Transport transport, TransmitLimitedQueue queue, MemberlistDelegate delegate, PacketCounters counters,
            Executor gossipThread) {
        this.transport = transport;
        this.queue = queue;
        this.delegate = delegate;
        this.counters = counters;
        this.gossipThread = gossipThread;
    }

    /** Sends {@code messages} in one packet to {@code to}, topped up with broadcasts. */
    void send(InetSocketAddress to, Message... messages) {
        List<byte[]> bodies = new ArrayList<>(messages.length + 4);
        int used = WireCodec.COMPOUND_HEADER;
        for (Message m : messages) {
            byte[] body = WireCodec.encodeBody(m);
            bodies.add(body);
            used += body.length + WireCodec.COMPOUND_PART_OVERHEAD;
        }
        bodies.addAll(broadcasts(UDP_SAFE_SIZE - used));
        sendBodies(to, bodies);
    }

    /** Sends pending broadcasts to {@code to}; returns false when there was nothing to send. */
    boolean gossip(InetSocketAddress to) {
        List<byte[]> bodies = broadcasts(UDP_SAFE_SIZE - WireCodec.COMPOUND_HEADER);
        if (bodies.isEmpty()) {
            return false;
        }
        sendBodies(to, bodies);
        return true;
    }

    private List<byte[]> broadcasts(int room) {
        List<byte[]> out = new ArrayList<>(queue.take(WireCodec.COMPOUND_PART_OVERHEAD, room));
        int used = 0;
        for (byte[] b : out) {
            used += b.length + WireCodec.COMPOUND_PART_OVERHEAD;
        }
        // The delegate's broadcasts travel as user messages: count their framing as overhead.
        int userOverhead = WireCodec.COMPOUND_PART_OVERHEAD + WireCodec.USER_FRAMING;
        if (room - used > userOverhead) {
            for (byte[] payload : delegate.broadcasts(userOverhead, room - used)) {
                out.add(WireCodec.encodeBody(new Message.User(payload)));
            }
        }
        return out.size() > 255 ? out.subList(0, 255) : out;
    }

    private void sendBodies(InetSocketAddress to, List<byte[]> bodies) {
        byte[] packet;
        if (bodies.size() == 1) {
            byte[] body = bodies.get(0);
            packet = new byte[WireCodec.HEADER + body.length];
            packet[0] = WireCodec.MAGIC_0;
            packet[1] = WireCodec.MAGIC_1;
            packet[2] = WireCodec.VERSION;
            System.arraycopy(body, 0, packet, WireCodec.HEADER, body.length);
        } else {
            packet = WireCodec.compound(bodies);
        }
        counters.packetsSent.incrementAndGet();
        transport.sendPacket(to, packet);
    }

    /** Pings over TCP; runs {@code onAck} on the gossip thread if the matching ack comes back in time. */
    void tcpPing(InetSocketAddress to, Message.Ping ping, Duration timeout, Runnable onAck) {
        transport.request(to, WireCodec.encode(ping), timeout).whenCompleteAsync((answer, e) -> {
            if (e != null) {
                return;
            }
            try {
                if (WireCodec.decode(answer, WireCodec.MAX_PACKET) instanceof Ack a && a.seq() == ping.seq()) {
                    onAck.run();
                }
            } catch (MalformedPacketException bad) {
                counters.refused(bad);
            }
        }, gossipThread);
    }
}
