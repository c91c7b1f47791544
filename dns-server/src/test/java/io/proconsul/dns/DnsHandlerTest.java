package io.proconsul.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The paths of {@link DnsHandler} that never read the catalog, message in and message out: malformed
 * input, names it cannot answer, the {@code addr} form, REFUSED without recursors. The store is never
 * reached on these paths, so none is given; the ITs cover the catalog paths with a real store.
 */
class DnsHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T09:00:00Z");

    private static DnsHandler handler(long soaMinTtl) {
        AgentConfig.Dns d = AgentConfig.Dns.DEFAULTS;
        AgentConfig.Dns dns = new AgentConfig.Dns(true, d.maxStale(), java.time.Duration.ofSeconds(4), Map.of(),
                false, true, 3, 0, d.recursorTimeout(), false, true, soaMinTtl);
        DnsSettings s = new DnsSettings(Name.fromConstantString("consul."), Name.fromConstantString("alt.test."),
                "dc1", dns, List.of());
        return new DnsHandler(s, null, Clock.fixed(NOW, ZoneOffset.UTC), new Random(1));
    }

    private static Message ask(DnsHandler h, String name, int type) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        return new Message(h.handle(q.toWire(), false).join().orElseThrow());
    }

    @Test
    void addrFormAnswersFromTheNameItself() throws Exception {
        DnsHandler h = handler(0);
        Message a = ask(h, "7f000001.addr.dc1.consul.", Type.A);
        assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(a.getHeader().getFlag(Flags.RA)).isFalse();
        ARecord r = (ARecord) a.getSection(Section.ANSWER).get(0);
        assertThat(r.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(r.getTTL()).isEqualTo(4);
        Message v6 = ask(h, "20010db8000000000000000000000001.addr.consul.", Type.AAAA);
        assertThat(v6.getSection(Section.ANSWER)).singleElement().extracting(Record::getType).isEqualTo(Type.AAAA);
        Message wrongType = ask(h, "7f000001.addr.consul.", Type.AAAA);
        assertThat(wrongType.getSection(Section.ANSWER)).isEmpty();
        assertThat(wrongType.getSection(Section.ADDITIONAL)).singleElement().isInstanceOf(ARecord.class);
        assertThat(wrongType.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"consul.", "nothing.consul.", "web.query.consul.", "web.service.dc2.consul.",
        "foo.node.other.consul.", "web.service.a.b.alt.test."})
    void namesItCannotAnswerAreNxdomainWithConsulsSoa(String name) throws Exception {
        Message a = ask(handler(30), name, Type.A);
        assertThat(a.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(a.getSection(Section.ANSWER)).isEmpty();
        SOARecord soa = (SOARecord) a.getSection(Section.AUTHORITY).get(0);
        Name zone = Name.fromConstantString(name.endsWith("alt.test.") ? "alt.test." : "consul.");
        assertThat(soa.getName()).isEqualTo(zone);
        assertThat(soa.getHost()).isEqualTo(Name.concatenate(Name.fromConstantString("ns"), zone));
        assertThat(soa.getAdmin()).isEqualTo(Name.concatenate(Name.fromConstantString("hostmaster"), zone));
        assertThat(soa.getSerial()).isEqualTo(NOW.getEpochSecond());
        assertThat(soa.getRefresh()).isEqualTo(3600);
        assertThat(soa.getRetry()).isEqualTo(600);
        assertThat(soa.getExpire()).isEqualTo(86400);
        assertThat(soa.getMinimum()).isEqualTo(30);
        assertThat(soa.getTTL()).isEqualTo(30);
    }

    @Test
    void otherDomainsWithoutRecursorsAreRefused() throws Exception {
        Message a = ask(handler(0), "example.org.", Type.A);
        assertThat(a.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(a.getHeader().getFlag(Flags.RA)).isFalse();
        assertThat(a.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @Test
    void ednsIsAnsweredWithTheQuerysSize() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromConstantString("7f000001.addr.consul."), Type.A,
                DClass.IN));
        q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Message a = new Message(handler(0).handle(q.toWire(), false).join().orElseThrow());
        assertThat(a.getOPT()).isNotNull();
        assertThat(a.getOPT().getPayloadSize()).isEqualTo(1232);
    }

    @Test
    void garbageWithAReadableHeaderIsFormerrAndCounted() throws Exception {
        DnsHandler h = handler(0);
        byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7f, 0x7f, 0x7f};
        Message a = new Message(h.handle(garbage, false).join().orElseThrow());
        assertThat(a.getHeader().getID()).isEqualTo(0x1234);
        assertThat(a.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(a.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(h.malformedQueries()).isEqualTo(1);
        assertThat(h.handle(new byte[] {1, 2, 3}, false).join()).isEmpty();
        assertThat(h.malformedQueries()).isEqualTo(2);
        assertThat(h.queries()).isEqualTo(2);
    }

    @Test
    void responsesAreDroppedAndOtherOpcodesAreNotImplemented() throws Exception {
        DnsHandler h = handler(0);
        Message response = Message.newQuery(Record.newRecord(Name.fromConstantString("x.consul."), Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);
        assertThat(h.handle(response.toWire(), false).join()).isEqualTo(Optional.empty());
        Message notify = Message.newQuery(Record.newRecord(Name.fromConstantString("x.consul."), Type.A, DClass.IN));
        notify.getHeader().setOpcode(Opcode.NOTIFY);
        Message a = new Message(h.handle(notify.toWire(), false).join().orElseThrow());
        assertThat(a.getRcode()).isEqualTo(Rcode.NOTIMP);
        Message twoQuestions = Message.newQuery(Record.newRecord(Name.fromConstantString("x.consul."), Type.A,
                DClass.IN));
        twoQuestions.addRecord(Record.newRecord(Name.fromConstantString("y.consul."), Type.A, DClass.IN),
                Section.QUESTION);
        assertThat(new Message(h.handle(twoQuestions.toWire(), false).join().orElseThrow()).getRcode())
                .isEqualTo(Rcode.FORMERR);
    }
}
