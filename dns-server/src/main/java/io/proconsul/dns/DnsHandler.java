package io.proconsul.dns;

import io.proconsul.core.store.Store;
import io.proconsul.dns.lookup.AddrLookup;
import io.proconsul.dns.lookup.Answer;
import io.proconsul.dns.lookup.NameserverLookup;
import io.proconsul.dns.lookup.NodeLookup;
import io.proconsul.dns.lookup.PtrLookup;
import io.proconsul.dns.lookup.QueryName;
import io.proconsul.dns.lookup.Question;
import io.proconsul.dns.lookup.ServiceLookup;
import io.proconsul.dns.lookup.SrvLookup;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one DNS message in wire form, independent of the transport: decodes it, routes the question
 * (the agent's domain and alt domain to the lookups, {@code arpa.} to reverse lookups, anything else to
 * the recursors), and encodes the reply trimmed for the transport. Mirrors Consul's {@code handleQuery},
 * {@code handlePtr} and {@code handleRecurse}.
 *
 * <p>Threading: {@link #handle} may be called from any thread, typically a Netty event loop; it never
 * blocks. The returned future completes on the caller's thread for answers that need no store read, else
 * on a store or dnsjava I/O thread. It never completes exceptionally: failures become SERVFAIL.
 */
public final class DnsHandler {

    private static final Logger log = LoggerFactory.getLogger(DnsHandler.class);
    private static final Name ARPA = Name.fromConstantString("arpa.");

    private final DnsSettings settings;
    private final MessageBuilder builder;
    private final Recursor recursor;
    private final ServiceLookup services;
    private final SrvLookup srv;
    private final NodeLookup nodes;
    private final AddrLookup addrs;
    private final PtrLookup ptrs;
    private final NameserverLookup nameservers;
    private final CnameChaser cnames;
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    public DnsHandler(DnsSettings settings, Store store, Clock clock, Random random) {
        this.settings = settings;
        this.builder = new MessageBuilder(clock);
        this.recursor = new Recursor(settings.recursors(), settings.dns().recursorTimeout());
        this.services = new ServiceLookup(store, settings, random);
        this.srv = new SrvLookup(store, settings, random);
        this.nodes = new NodeLookup(store, settings);
        this.addrs = new AddrLookup(settings);
        this.ptrs = new PtrLookup(store, settings);
        this.nameservers = new NameserverLookup(store, settings, random);
        this.cnames = new CnameChaser(settings, recursor, this::lookup);
    }

    /** Messages received, malformed ones included. */
    public long queries() {
        return queries.get();
    }

    /** Messages that could not be decoded as one query (answered FORMERR when their header was readable). */
    public long malformedQueries() {
        return malformed.get();
    }

    /** The reply to {@code wire}, or empty when nothing should be sent back (an unreadable header, a response). */
    public CompletableFuture<Optional<byte[]>> handle(byte[] wire, boolean overTcp) {
        queries.incrementAndGet();
        Message request;
        try {
            request = new Message(wire);
        } catch (IOException | RuntimeException e) {
            malformed.incrementAndGet();
            log.debug("malformed DNS message ({} bytes): {}", wire.length, e.toString());
            return CompletableFuture.completedFuture(MessageBuilder.formErr(wire));
        }
        if (request.getHeader().getFlag(Flags.QR)) {
            malformed.incrementAndGet();
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (request.getHeader().getOpcode() != Opcode.QUERY) {
            return done(MessageBuilder.errorReply(request.getHeader(), Rcode.NOTIMP));
        }
        if (request.getHeader().getCount(Section.QUESTION) != 1) {
            malformed.incrementAndGet();
            return done(MessageBuilder.errorReply(request.getHeader(), Rcode.FORMERR));
        }
        try {
            return route(request, overTcp).exceptionally(e -> serverFailure(request, e)).thenApply(Optional::of);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Optional.of(serverFailure(request, e)));
        }
    }

    private static CompletableFuture<Optional<byte[]>> done(Message reply) {
        return CompletableFuture.completedFuture(Optional.of(reply.toWire()));
    }

    private CompletableFuture<byte[]> route(Message request, boolean overTcp) {
        Name qname = request.getQuestion().getName();
        if (settings.isAuthoritativeFor(qname)) {
            return query(request, overTcp);
        }
        if (qname.subdomain(ARPA)) {
            return reverse(request, overTcp);
        }
        if (recursor.isEnabled()) {
            return recurse(request, overTcp);
        }
        // No handler for the name: miekg/dns's ServeMux, which Consul serves through, answers REFUSED.
        Message reply = builder.reply(request, false);
        reply.getHeader().unsetFlag(Flags.AA);
        reply.getHeader().setRcode(Rcode.REFUSED);
        return CompletableFuture.completedFuture(encode(request, reply, overTcp));
    }

    private CompletableFuture<byte[]> query(Message request, boolean overTcp) {
        Name qname = request.getQuestion().getName();
        int qtype = request.getQuestion().getType();
        Question q = new Question(qname, qtype, settings.responseDomain(qname));
        Message reply = builder.reply(request, recursor.isEnabled());
        long minTtl = settings.dns().soaMinTtl();
        if (qtype == Type.SOA || qtype == Type.NS) {
            // As Consul, a failed server lookup only leaves the NS records out; the SOA is still answered.
            CompletableFuture<Answer> servers = nameservers.lookup(q.zone()).exceptionally(e -> {
                log.warn("Unable to get list of servers: {}", e.toString());
                return Answer.of(List.of(), List.of());
            });
            return servers.thenApply(ns -> {
                if (qtype == Type.SOA) {
                    reply.addRecord(builder.soa(q.zone(), minTtl), Section.ANSWER);
                    ns.answers().forEach(r -> reply.addRecord(r, Section.AUTHORITY));
                } else {
                    ns.answers().forEach(r -> reply.addRecord(r, Section.ANSWER));
                }
                ns.additional().forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
                return encode(request, reply, overTcp);
            });
        }
        if (qtype == Type.AXFR) {
            reply.getHeader().setRcode(Rcode.NOTIMP);
            return CompletableFuture.completedFuture(encode(request, reply, overTcp));
        }
        boolean edns = request.getOPT() != null;
        return lookup(q).thenCompose(answer -> cnames.chase(answer, edns)).thenApply(answer -> {
            fill(reply, q, answer);
            return encode(request, reply, overTcp);
        });
    }

    private CompletableFuture<Answer> lookup(Question q) {
        QueryName name = QueryName.parse(q.name(), q.zone(), q.type());
        if (name instanceof QueryName.Service s) {
            if (!isLocal(s.datacenter())) {
                return CompletableFuture.completedFuture(Answer.nameError());
            }
            return q.type() == Type.SRV ? srv.lookup(q, s) : services.lookup(q, s);
        }
        if (name instanceof QueryName.Node n) {
            return isLocal(n.datacenter()) ? nodes.lookup(q, n) : CompletableFuture.completedFuture(Answer.nameError());
        }
        if (name instanceof QueryName.Addr a) {
            return CompletableFuture.completedFuture(addrs.lookup(q, a));
        }
        log.debug("QName invalid: {} ({})", q.name(), ((QueryName.Invalid) name).reason());
        return CompletableFuture.completedFuture(Answer.nameError());
    }

    /** Only the agent's own datacenter is served until multi-datacenter support: others are NXDOMAIN. */
    private boolean isLocal(String datacenter) {
        return datacenter.isEmpty() || datacenter.equalsIgnoreCase(settings.datacenter());
    }

    private void fill(Message reply, Question q, Answer answer) {
        if (answer.outcome() == Answer.Outcome.NAME_ERROR) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        answer.answers().forEach(r -> reply.addRecord(r, Section.ANSWER));
        answer.additional().forEach(r -> reply.addRecord(r, Section.ADDITIONAL));
        if (answer.answers().isEmpty()) {
            reply.addRecord(builder.soa(q.zone(), settings.dns().soaMinTtl()), Section.AUTHORITY);
        }
    }

    private CompletableFuture<byte[]> reverse(Message request, boolean overTcp) {
        Name qname = request.getQuestion().getName();
        return ptrs.lookup(qname).thenCompose(answer -> {
            if (answer.outcome() == Answer.Outcome.NAME_ERROR && recursor.isEnabled()) {
                return recurse(request, overTcp);
            }
            Message reply = builder.reply(request, recursor.isEnabled());
            fill(reply, new Question(qname, request.getQuestion().getType(), settings.domain()), answer);
            return CompletableFuture.completedFuture(encode(request, reply, overTcp));
        });
    }

    private CompletableFuture<byte[]> recurse(Message request, boolean overTcp) {
        return recursor.forward(request, overTcp).thenApply(reply -> {
            if (reply.isPresent()) {
                return MessageBuilder.toWire(reply.get(), !settings.dns().disableCompression());
            }
            log.warn("all resolvers failed for question {}", request.getQuestion());
            Message fail = builder.reply(request, true);
            fail.getHeader().unsetFlag(Flags.AA);
            fail.getHeader().setRcode(Rcode.SERVFAIL);
            MessageBuilder.ednsFor(request).ifPresent(opt -> fail.addRecord(opt, Section.ADDITIONAL));
            return fail.toWire();
        });
    }

    /** EDNS, trimming and TC, then the wire form. */
    private byte[] encode(Message request, Message reply, boolean overTcp) {
        MessageBuilder.ednsFor(request).ifPresent(opt -> reply.addRecord(opt, Section.ADDITIONAL));
        boolean compress = !settings.dns().disableCompression();
        boolean trimmed = overTcp
                ? AnswerTrimmer.trimTcp(request, reply, compress)
                : AnswerTrimmer.trimUdp(request, reply, settings.dns().udpAnswerLimit(), compress);
        if (trimmed && settings.dns().enableTruncate()) {
            reply.getHeader().setFlag(Flags.TC);
        }
        return MessageBuilder.toWire(reply, compress);
    }

    private byte[] serverFailure(Message request, Throwable e) {
        log.warn("DNS lookup failed for {}: {}", request.getQuestion(), e.toString());
        Message reply = builder.reply(request, recursor.isEnabled());
        reply.getHeader().setRcode(Rcode.SERVFAIL);
        MessageBuilder.ednsFor(request).ifPresent(opt -> reply.addRecord(opt, Section.ADDITIONAL));
        return reply.toWire();
    }
}
