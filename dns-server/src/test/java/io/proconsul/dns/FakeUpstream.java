package io.proconsul.dns;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * An upstream DNS server on a loopback UDP socket for recursor tests: answers each query with what
 * {@code answer} makes of it, or not at all when that is {@code null} (a recursor that times out).
 * Counts the queries it received. The network boundary is real; only the far side is scripted.
 */
final class FakeUpstream implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger received = new AtomicInteger();

    FakeUpstream(Function<Message, Message> answer) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(() -> serve(answer), "fake-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    /** A reply to {@code query} with {@code rcode} and the given answer records. */
    static Message reply(Message query, int rcode, org.xbill.DNS.Record... answers) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        m.getHeader().setRcode(rcode);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        for (org.xbill.DNS.Record r : answers) {
            m.addRecord(r, Section.ANSWER);
        }
        return m;
    }

    private void serve(Function<Message, Message> answer) {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                received.incrementAndGet();
                Message reply = answer.apply(new Message(java.util.Arrays.copyOf(p.getData(), p.getLength())));
                if (reply != null) {
                    byte[] out = reply.toWire();
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                }
            } catch (java.io.IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    int received() {
        return received.get();
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
