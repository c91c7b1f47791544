package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Garbage on the gossip port is counted and dropped; the pool keeps working. */
@Timeout(60)
class MalformedPacketIT {

    @Test
    void garbagePacketsAndFramesAreCountedNeverFatal() throws Exception {
        try (TestCluster c = new TestCluster(0.1); DatagramSocket udp = new DatagramSocket()) {
            c.startJoined(2);
            SerfPool target = c.pools.get(0);
            InetAddress lo = InetAddress.getLoopbackAddress();
            int port = target.boundPort();
            // A well-formed datagram larger than Netty's default 2 KiB read reaches the serf layer whole (whose
            // own decoder then refuses the nonsense payload and counts it).
            byte[] big = io.proconsul.serf.memberlist.WireCodec.encode(
                    new io.proconsul.serf.memberlist.Message.User(new byte[5000]));
            udp.send(new DatagramPacket(big, big.length, lo, port));
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(target.malformedMessages()).isEqualTo(1));
            assertThat(target.packetCounters().refused()).isZero();

            Random r = new Random(7);
            for (int i = 0; i < 200; i++) {
                byte[] b = new byte[1 + r.nextInt(1500)];
                r.nextBytes(b);
                if (i % 2 == 0 && b.length > 4) {
                    b[0] = 'P';
                    b[1] = 'G';
                    b[2] = 1;
                }
                udp.send(new DatagramPacket(b, b.length, lo, port));
            }
            byte[] truncatedCompound = {'P', 'G', 1, 9, 3, 0, 50, 1};
            udp.send(new DatagramPacket(truncatedCompound, truncatedCompound.length, lo, port));
            try (Socket tcp = new Socket(lo, port)) {
                DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
                out.writeInt(5);
                out.write(new byte[] {'H', 'T', 'T', 'P', '/'});
                out.flush();
                assertThat(tcp.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            }
            Eventually.within(Duration.ofSeconds(5), () ->
                    assertThat(target.packetCounters().refused()).isGreaterThanOrEqualTo(102));
            SerfPool late = c.start(c.config("late"));
            late.join(List.of(TestCluster.address(target))).get();
            TestCluster.awaitAlive(c.pools, 3, Duration.ofSeconds(10));
        }
    }
}
