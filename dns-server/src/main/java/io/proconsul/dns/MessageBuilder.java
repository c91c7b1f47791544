package io.proconsul.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * Builds replies on dnsjava: the header Consul sets, its SOA record, the EDNS0 OPT echo, and the wire form
 * with or without name compression ({@code disable_compression}). Stateless apart from the clock the SOA
 * serial is read from.
 */
public final class MessageBuilder {

    /** Consul's fixed SOA timers (its {@code dns_config.soa} defaults). */
    static final long SOA_REFRESH = 3600;
    static final long SOA_RETRY = 600;
    static final long SOA_EXPIRE = 86400;

    private final Clock clock;

    public MessageBuilder(Clock clock) {
        this.clock = clock;
    }

    /**
     * A reply to {@code request}: same ID, opcode, RD and question; QR and AA set; RA when recursors are
     * configured (Consul's {@code RecursionAvailable = len(recursors) > 0}); NOERROR.
     */
    public Message reply(Message request, boolean recursionAvailable) {
        Message m = new Message(request.getHeader().getID());
        Header h = m.getHeader();
        h.setFlag(Flags.QR);
        h.setFlag(Flags.AA);
        h.setOpcode(request.getHeader().getOpcode());
        if (request.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (recursionAvailable) {
            h.setFlag(Flags.RA);
        }
        if (request.getQuestion() != null) {
            m.addRecord(request.getQuestion(), Section.QUESTION);
        }
        return m;
    }

    /**
     * Consul's SOA for {@code zone}: {@code ns.<zone>} and {@code hostmaster.<zone>}, the current unix time as
     * serial, refresh 3600, retry 600, expire 86400, and {@code soa.min_ttl} as both minimum and TTL.
     */
    public SOARecord soa(Name zone, long minTtl) {
        long serial = clock.instant().getEpochSecond() & 0xffffffffL;
        return new SOARecord(zone, DClass.IN, minTtl, child("ns", zone), child("hostmaster", zone), serial,
                SOA_REFRESH, SOA_RETRY, SOA_EXPIRE, minTtl);
    }

    private static Name child(String label, Name zone) {
        try {
            return Name.concatenate(Name.fromConstantString(label), zone);
        } catch (org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("domain too long for its SOA: " + zone, e);
        }
    }

    /** The OPT record to answer an EDNS0 query with: the query's UDP size echoed, as Consul's {@code setEDNS}. */
    public static Optional<OPTRecord> ednsFor(Message request) {
        OPTRecord opt = request.getOPT();
        return opt == null ? Optional.empty() : Optional.of(new OPTRecord(opt.getPayloadSize(), 0, 0));
    }

    /**
     * A FORMERR reply for a message whose header parsed but whose body did not; empty when even the header
     * is unreadable, or the message is itself a response (never answer those: it would start a loop).
     */
    public static Optional<byte[]> formErr(byte[] raw) {
        if (raw.length < Header.LENGTH) {
            return Optional.empty();
        }
        Header in;
        try {
            in = new Header(raw);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (in.getFlag(Flags.QR)) {
            return Optional.empty();
        }
        return Optional.of(errorReply(in, Rcode.FORMERR).toWire());
    }

    /** A question-less reply with {@code rcode} for the request header {@code in} (FORMERR, NOTIMP). */
    public static Message errorReply(Header in, int rcode) {
        Message m = new Message(in.getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode(in.getOpcode() == Opcode.QUERY ? Opcode.QUERY : in.getOpcode());
        if (in.getFlag(Flags.RD)) {
            m.getHeader().setFlag(Flags.RD);
        }
        m.getHeader().setRcode(rcode);
        return m;
    }

    /**
     * The wire form of {@code m}; with {@code compress} false every name is written in full, which is what
     * Consul measures a non-EDNS UDP answer against 512 bytes with.
     */
    public static byte[] toWire(Message m, boolean compress) {
        if (compress) {
            return m.toWire();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(m.getHeader().toWire());
        for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            List<org.xbill.DNS.Record> records = m.getSection(section);
            for (org.xbill.DNS.Record r : records) {
                out.writeBytes(r.toWire(section));
            }
        }
        return out.toByteArray();
    }
}
