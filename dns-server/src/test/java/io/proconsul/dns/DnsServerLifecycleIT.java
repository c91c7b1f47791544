package io.proconsul.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.config.AgentConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Binding and connection handling on real sockets, on names that need no store (the {@code addr} form), so
 * no store is given: UDP and TCP share the picked port, a taken port fails with Consul's wording, -1 turns
 * DNS off, close is idempotent, and one TCP connection carries several queries.
 */
class DnsServerLifecycleIT {

    private static DnsServer server(int port) {
        DnsSettings settings = DnsSettings.from(DnsFixture.config(java.nio.file.Path.of("unused"),
                AgentConfig.Dns.DEFAULTS, List.of()));
        return new DnsServer(List.of("127.0.0.1"), port, new DnsHandler(settings, null, Clock.systemUTC(),
                new Random()));
    }

    @Test
    void portZeroPicksOnePortForUdpAndTcpAndCloseIsIdempotent() throws Exception {
        DnsServer s = server(0);
        s.start();
        try {
            assertThat(s.port()).isPositive();
            Message udp = DnsFixture.ask(DnsFixture.resolver(s, false, 0), "7f000001.addr.consul.", Type.A);
            Message tcp = DnsFixture.ask(DnsFixture.resolver(s, true, 0), "7f000001.addr.consul.", Type.A);
            assertThat(udp.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(tcp.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
        } finally {
            s.close();
            s.close();
        }
        assertThat(s.port()).isEqualTo(-1);
    }

    @Test
    void aTakenPortFailsWithConsulsBindMessage() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            DnsServer s = server(taken.getLocalPort());
            BindException e = assertThrows(BindException.class, s::start);
            assertThat(e.getMessage()).startsWith("listen udp 127.0.0.1:" + taken.getLocalPort() + ": bind: ");
            assertThat(s.port()).isEqualTo(-1);
            s.close();
        }
    }

    @Test
    void portMinusOneDisablesDns() throws Exception {
        DnsServer s = server(-1);
        s.start();
        assertThat(s.port()).isEqualTo(-1);
        s.close();
    }

    @Test
    void oneTcpConnectionCarriesSeveralQueries() throws Exception {
        DnsServer s = server(0);
        s.start();
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Set<Integer> sent = new HashSet<>();
            for (int i = 1; i <= 3; i++) {
                Message q = Message.newQuery(Record.newRecord(
                        Name.fromString("7f00000" + i + ".addr.consul."), Type.A, DClass.IN));
                sent.add(q.getHeader().getID());
                byte[] wire = q.toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                byte[] reply = new byte[in.readUnsignedShort()];
                in.readFully(reply);
                Message m = new Message(reply);
                assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
                answered.add(m.getHeader().getID());
            }
            assertThat(answered).isEqualTo(sent);
        } finally {
            s.close();
        }
    }
}
