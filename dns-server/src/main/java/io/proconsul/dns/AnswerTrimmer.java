package io.proconsul.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;

/**
 * Cuts answers so a reply fits its transport, as Consul's {@code trimUDPResponse}/{@code trimTCPResponse}:
 * <ul>
 *   <li>UDP without EDNS: at most {@code min(8, udp_answer_limit)} answers, measured uncompressed against
 *       512 bytes; with EDNS0 the query's buffer size (at least 512, at most 65467) is the limit</li>
 *   <li>TCP: 65523 bytes, at most 4096 answers (1024 SRV)</li>
 *   <li>the authority section goes first, then answers from the end; the additional section keeps only what
 *       the remaining answers need (SRV targets' addresses and TXT, their CNAME chains) and the OPT record
 *       always (Consul's {@code syncExtra} drops the OPT of a cut reply; this does not)</li>
 * </ul>
 * The caller sets TC from the result when {@code enable_truncate} is on, for every record type alike.
 */
final class AnswerTrimmer {

    static final int MAX_UDP_ANSWERS = 8;
    static final int DEFAULT_UDP_SIZE = 512;
    static final int MAX_UDP_SIZE = 65535 - 68;
    static final int MAX_TCP_SIZE = 65523;

    private AnswerTrimmer() {}

    /** Trims {@code reply} for UDP in place; true when answers were cut. */
    static boolean trimUdp(Message request, Message reply, int udpAnswerLimit, boolean compress) {
        int maxSize = DEFAULT_UDP_SIZE;
        OPTRecord opt = request.getOPT();
        if (opt != null && opt.getPayloadSize() > maxSize) {
            maxSize = Math.min(opt.getPayloadSize(), MAX_UDP_SIZE);
        }
        boolean plain = maxSize == DEFAULT_UDP_SIZE;
        int maxAnswers = plain ? Math.min(MAX_UDP_ANSWERS, udpAnswerLimit) : Integer.MAX_VALUE;
        // The 8 bytes of the UDP header count against the datagram, as in Consul.
        return trim(reply, maxSize - 8, maxAnswers, compress && !plain);
    }

    /** Trims {@code reply} for TCP in place; true when answers were cut. */
    static boolean trimTcp(Message request, Message reply, boolean compress) {
        int maxAnswers = request.getQuestion() != null && request.getQuestion().getType() == org.xbill.DNS.Type.SRV
                ? 1024 : 4096;
        return trim(reply, MAX_TCP_SIZE, maxAnswers, compress);
    }

    private static boolean trim(Message reply, int maxSize, int maxAnswers, boolean measureCompressed) {
        List<org.xbill.DNS.Record> answers = new ArrayList<>(reply.getSection(Section.ANSWER));
        List<org.xbill.DNS.Record> authority = new ArrayList<>(reply.getSection(Section.AUTHORITY));
        List<org.xbill.DNS.Record> extra = new ArrayList<>();
        OPTRecord opt = null;
        for (org.xbill.DNS.Record r : reply.getSection(Section.ADDITIONAL)) {
            if (r instanceof OPTRecord o) {
                opt = o;
            } else {
                extra.add(r);
            }
        }
        int total = answers.size();
        int keep = Math.min(total, Math.max(0, maxAnswers));
        if (keep < total) {
            rebuild(reply, answers.subList(0, keep), authority, extra, opt);
        }
        if (keep > 1 && size(reply, measureCompressed) > maxSize) {
            authority = List.of();
            rebuild(reply, answers.subList(0, keep), authority, extra, opt);
            if (size(reply, measureCompressed) > maxSize) {
                // The largest count that fits (at least one: an answer too big alone is sent anyway).
                int lo = 1;
                int hi = keep - 1;
                while (lo < hi) {
                    int mid = (lo + hi + 1) / 2;
                    rebuild(reply, answers.subList(0, mid), authority, extra, opt);
                    if (size(reply, measureCompressed) <= maxSize) {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                keep = lo;
                rebuild(reply, answers.subList(0, keep), authority, extra, opt);
            }
        }
        return keep < total;
    }

    private static int size(Message m, boolean compressed) {
        return MessageBuilder.toWire(m, compressed).length;
    }

    private static void rebuild(Message reply, List<org.xbill.DNS.Record> answers,
            List<org.xbill.DNS.Record> authority, List<org.xbill.DNS.Record> extra, OPTRecord opt) {
        reply.removeAllRecords(Section.ANSWER);
        reply.removeAllRecords(Section.AUTHORITY);
        reply.removeAllRecords(Section.ADDITIONAL);
        answers.forEach(r -> reply.addRecord(r, Section.ANSWER));
        authority.forEach(r -> reply.addRecord(r, Section.AUTHORITY));
        needed(answers, extra).forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
        if (opt != null) {
            reply.addRecord(opt, Section.ADDITIONAL);
        }
    }

    /** The additional records that serve the kept answers: by owner name, following CNAMEs. */
    static List<org.xbill.DNS.Record> needed(List<org.xbill.DNS.Record> answers, List<org.xbill.DNS.Record> extra) {
        Set<Name> names = new HashSet<>();
        for (org.xbill.DNS.Record a : answers) {
            names.add(a instanceof SRVRecord srv ? srv.getTarget() : a.getName());
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (org.xbill.DNS.Record r : extra) {
                if (r instanceof CNAMERecord c && names.contains(c.getName())) {
                    grew |= names.add(c.getTarget());
                }
            }
        }
        List<org.xbill.DNS.Record> out = new ArrayList<>();
        for (org.xbill.DNS.Record r : extra) {
            if (names.contains(r.getName())) {
                out.add(r);
            }
        }
        return out;
    }
}
