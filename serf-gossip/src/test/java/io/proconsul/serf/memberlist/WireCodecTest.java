package io.proconsul.serf.memberlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecTest {

    static Stream<Message> messages() {
        byte[] proto = {1, 5, 2, 2, 5, 4};
        NodeInfo n1 = new NodeInfo("a", "127.0.0.1", 8301, new byte[] {1, 2}, 7, NodeState.SUSPECT, proto);
        NodeInfo n2 = new NodeInfo("b\u00e9", "::1", 65535, new byte[0], Long.MAX_VALUE, NodeState.LEFT, proto);
        return Stream.of(new Ping(42, "node-1"), new Ping(-1, ""),
                new IndirectPing(7, "node-2", "10.0.0.2", 8301, true), new Ack(Integer.MAX_VALUE, new byte[] {1, 2, 3}), new Nack(3),
                new Alive(9, "node-3", "127.0.0.1", 1, new byte[] {9, 8, 7}, proto),
                new Suspect(1, "node-4", "node-5"), new Dead(2, "node-6", "node-6"), new User(new byte[] {0, 1}),
                new PushPull(true, List.of(n1, n2), new byte[] {5, 5}));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyMessageRoundTrips(Message m) throws Exception {
        assertSame(m, WireCodec.decode(WireCodec.encode(m), WireCodec.MAX_FRAME));
    }

    @Test
    void aCompoundPacketRoundTrips() throws Exception {
        List<Message> parts = messages().filter(m -> !(m instanceof PushPull)).toList();
        Compound decoded = (Compound) WireCodec.decode(WireCodec.encode(new Compound(parts)), WireCodec.MAX_PACKET);
        assertThat(decoded.parts()).hasSameSizeAs(parts);
        for (int i = 0; i < parts.size(); i++) {
            assertSame(parts.get(i), decoded.parts().get(i));
        }
    }

    @Test
    void everyTruncationIsRefusedAsMalformed() {
        byte[] full = WireCodec.encode(new Alive(9, "node-3", "127.0.0.1", 1, new byte[] {9, 8, 7}, new byte[6]));
        for (int len = 4; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            MalformedPacketException e = assertThrows(MalformedPacketException.class,
                    () -> WireCodec.decode(cut, WireCodec.MAX_PACKET));
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        }
    }

    @Test
    void foreignOversizedWrongVersionAndTrailingBytesAreRefused() {
        byte[] ack = WireCodec.encode(new Ack(1, null));
        assertThat(kind("GET / HTTP/1.1\r\n".getBytes())).isEqualTo(Kind.FOREIGN);
        assertThat(kind(new byte[0])).isEqualTo(Kind.FOREIGN);
        byte[] v2 = ack.clone();
        v2[2] = 2;
        assertThat(kind(v2)).isEqualTo(Kind.VERSION);
        assertThat(kind(Arrays.copyOf(ack, ack.length + 1))).isEqualTo(Kind.MALFORMED);
        assertThat(kind(new byte[WireCodec.MAX_PACKET + 1])).isEqualTo(Kind.OVERSIZED);
        byte[] unknownType = ack.clone();
        unknownType[3] = 99;
        assertThat(kind(unknownType)).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void aLengthFieldPastItsLimitIsRefusedAsOversized() {
        // A name claiming 60000 bytes: refused by its own limit before any allocation.
        byte[] ping = new WireWriter().u8('P').u8('G').u8(1).u8(1).i32(5).u16(60000).raw(new byte[60000])
                .toByteArray();
        assertThat(kind(ping)).isEqualTo(Kind.OVERSIZED);
    }

    @Test
    void randomGarbageNeverThrowsAnythingButMalformedPacket() {
        Random r = new Random(1234);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            if (b.length > 3 && r.nextBoolean()) {
                b[0] = 'P';
                b[1] = 'G';
                b[2] = 1;
                b[3] = (byte) r.nextInt(11);
            }
            try {
                WireCodec.decode(b, WireCodec.MAX_PACKET);
            } catch (MalformedPacketException expected) {
                assertThat(expected.kind()).isNotNull();
            }
        }
    }

    private static Kind kind(byte[] packet) {
        return assertThrows(MalformedPacketException.class, () -> WireCodec.decode(packet, WireCodec.MAX_PACKET))
                .kind();
    }

    /** Records holding arrays compare by identity: compare their encodings instead. */
    private static void assertSame(Message expected, Message actual) {
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(WireCodec.encode(actual)).isEqualTo(WireCodec.encode(expected));
    }
}
