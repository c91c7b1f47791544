package io.proconsul.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class AnswerTrimmerTest {

    private static final Name WEB = Name.fromConstantString("web.service.consul.");

    private static Message query(int type, Integer ednsSize) {
        Message q = Message.newQuery(Record.newRecord(WEB, type, DClass.IN));
        if (ednsSize != null) {
            q.addRecord(new OPTRecord(ednsSize, 0, 0), Section.ADDITIONAL);
        }
        return q;
    }

    private static Message aReply(Message q, int n) throws Exception {
        Message m = new Message(q.getHeader().getID());
        m.addRecord(q.getQuestion(), Section.QUESTION);
        for (int i = 0; i < n; i++) {
            m.addRecord(new ARecord(WEB, DClass.IN, 0, InetAddress.getByName("10.0.0." + (i + 1))), Section.ANSWER);
        }
        return m;
    }

    private static Message srvReply(Message q, int n) throws Exception {
        Message m = new Message(q.getHeader().getID());
        m.addRecord(q.getQuestion(), Section.QUESTION);
        for (int i = 0; i < n; i++) {
            Name target = Name.fromConstantString("node-with-a-long-name-" + i + ".node.dc1.consul.");
            m.addRecord(new SRVRecord(WEB, DClass.IN, 0, 1, 1, 8000 + i, target), Section.ANSWER);
            m.addRecord(new ARecord(target, DClass.IN, 0, InetAddress.getByName("10.0.0." + (i + 1))),
                    Section.ADDITIONAL);
            m.addRecord(new TXTRecord(target, DClass.IN, 0, "rack=r" + i), Section.ADDITIONAL);
        }
        MessageBuilder.ednsFor(q).ifPresent(opt -> m.addRecord(opt, Section.ADDITIONAL));
        return m;
    }

    @Test
    void plainUdpStopsAtTheAnswerLimitCappedAtEight() throws Exception {
        Message q = query(Type.A, null);
        Message r = aReply(q, 20);
        assertThat(AnswerTrimmer.trimUdp(q, r, 3, true)).isTrue();
        assertThat(r.getSection(Section.ANSWER)).hasSize(3);
        Message r2 = aReply(q, 20);
        assertThat(AnswerTrimmer.trimUdp(q, r2, 100, true)).isTrue();
        assertThat(r2.getSection(Section.ANSWER)).hasSize(8);
        Message few = aReply(q, 3);
        assertThat(AnswerTrimmer.trimUdp(q, few, 3, true)).isFalse();
    }

    @Test
    void ednsLiftsTheCountLimitAndKeepsTheOpt() throws Exception {
        Message q = query(Type.A, 4096);
        Message r = aReply(q, 20);
        r.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        assertThat(AnswerTrimmer.trimUdp(q, r, 3, true)).isFalse();
        assertThat(r.getSection(Section.ANSWER)).hasSize(20);
        assertThat(r.getOPT()).isNotNull();
    }

    @ParameterizedTest(name = "EDNS size {0}")
    @ValueSource(ints = {0, 512, 700, 1232})
    void srvAnswersAreCutBySizeWithTheirGlue(int ednsSize) throws Exception {
        Message q = query(Type.SRV, ednsSize == 0 ? null : ednsSize);
        Message r = srvReply(q, 20);
        assertThat(AnswerTrimmer.trimUdp(q, r, 8, true)).isTrue();
        int limit = Math.max(512, ednsSize);
        assertThat(MessageBuilder.toWire(r, limit > 512).length).isLessThanOrEqualTo(limit - 8);
        List<Record> answers = r.getSection(Section.ANSWER);
        assertThat(answers).isNotEmpty().hasSizeLessThan(20);
        // Every target keeps its glue and its TXT, nothing else stays.
        List<Record> extra = r.getSection(Section.ADDITIONAL).stream().filter(x -> x.getType() != Type.OPT).toList();
        assertThat(extra).hasSize(answers.size() * 2);
        for (Record a : answers) {
            assertThat(extra).anyMatch(x -> x.getName().equals(((SRVRecord) a).getTarget()) && x.getType() == Type.A);
        }
        assertThat(r.getOPT() != null).isEqualTo(ednsSize != 0);
    }

    @Test
    void tcpKeepsEverythingThatFits() throws Exception {
        Message q = query(Type.SRV, null);
        Message r = srvReply(q, 200);
        assertThat(AnswerTrimmer.trimTcp(q, r, true)).isFalse();
        assertThat(r.getSection(Section.ANSWER)).hasSize(200);
    }

    @Test
    void uncompressedWireMatchesWhatDnsjavaParses() throws Exception {
        Message q = query(Type.SRV, null);
        Message r = srvReply(q, 5);
        byte[] plain = MessageBuilder.toWire(r, false);
        assertThat(plain.length).isGreaterThan(r.toWire().length);
        Message parsed = new Message(plain);
        assertThat(parsed.getSection(Section.ANSWER)).isEqualTo(r.getSection(Section.ANSWER));
        assertThat(parsed.getSection(Section.ADDITIONAL)).isEqualTo(r.getSection(Section.ADDITIONAL));
    }
}
