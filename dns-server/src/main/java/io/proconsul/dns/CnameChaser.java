package io.proconsul.dns;

import io.proconsul.dns.lookup.Answer;
import io.proconsul.dns.lookup.Question;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Follows host names the catalog hands out, as Consul's {@code resolveCNAME}: the target of a CNAME answer
 * (an instance or node addressed by host name) or of an SRV answer pointing outside the agent's domain.
 * A target under the domain is looked up locally (as an ANY question, one level deep); any other is asked
 * of the recursors as an A question, when there are any. CNAME, A and AAAA records found go after the CNAME
 * in the answer section, or into the additional section for SRV, at most 5 per target without EDNS
 * (Consul's {@code maxRecurseRecords}), each with the TTL of the record that named the target.
 */
final class CnameChaser {

    static final int MAX_RECURSE_RECORDS = 5;

    private final DnsSettings settings;
    private final Recursor recursor;
    private final Function<Question, CompletableFuture<Answer>> localLookup;

    CnameChaser(DnsSettings settings, Recursor recursor, Function<Question, CompletableFuture<Answer>> localLookup) {
        this.settings = settings;
        this.recursor = recursor;
        this.localLookup = localLookup;
    }

    /** {@code answer} with the records of the host names it names; unchanged when there are none. */
    CompletableFuture<Answer> chase(Answer answer, boolean edns) {
        if (answer.outcome() != Answer.Outcome.FOUND) {
            return CompletableFuture.completedFuture(answer);
        }
        List<CompletableFuture<List<org.xbill.DNS.Record>>> forAnswers = new ArrayList<>();
        List<CompletableFuture<List<org.xbill.DNS.Record>>> forAdditional = new ArrayList<>();
        for (org.xbill.DNS.Record r : answer.answers()) {
            if (r instanceof CNAMERecord c) {
                forAnswers.add(resolve(c.getTarget(), c.getTTL(), edns));
            } else if (r instanceof SRVRecord s && !settings.isAuthoritativeFor(s.getTarget())) {
                forAdditional.add(resolve(s.getTarget(), s.getTTL(), edns));
            }
        }
        if (forAnswers.isEmpty() && forAdditional.isEmpty()) {
            return CompletableFuture.completedFuture(answer);
        }
        List<CompletableFuture<List<org.xbill.DNS.Record>>> all = new ArrayList<>(forAnswers);
        all.addAll(forAdditional);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<org.xbill.DNS.Record> answers = new ArrayList<>(answer.answers());
            List<org.xbill.DNS.Record> additional = new ArrayList<>(answer.additional());
            forAnswers.forEach(f -> answers.addAll(f.join()));
            forAdditional.forEach(f -> additional.addAll(f.join()));
            return Answer.of(answers, additional);
        });
    }

    private CompletableFuture<List<org.xbill.DNS.Record>> resolve(Name target, long ttl, boolean edns) {
        CompletableFuture<List<org.xbill.DNS.Record>> found;
        if (settings.isAuthoritativeFor(target)) {
            found = localLookup.apply(new Question(target, Type.ANY, settings.responseDomain(target)))
                    .thenApply(Answer::answers);
        } else if (recursor.isEnabled()) {
            Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(target, Type.A, DClass.IN));
            found = recursor.forward(query, false)
                    .thenApply(reply -> reply.map(m -> m.getSection(Section.ANSWER)).orElse(List.of()));
        } else {
            return CompletableFuture.completedFuture(List.of());
        }
        return found.exceptionally(e -> List.of()).thenApply(records -> {
            List<org.xbill.DNS.Record> out = new ArrayList<>();
            for (org.xbill.DNS.Record r : records) {
                int type = r.getType();
                if (type == Type.CNAME || type == Type.A || type == Type.AAAA) {
                    out.add(withTtl(r, ttl));
                    if (out.size() == MAX_RECURSE_RECORDS && !edns) {
                        break;
                    }
                }
            }
            return out;
        });
    }

    private static org.xbill.DNS.Record withTtl(org.xbill.DNS.Record r, long ttl) {
        return org.xbill.DNS.Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical());
    }
}
