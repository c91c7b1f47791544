package io.proconsul.dns.lookup;

import java.util.List;

/**
 * What a lookup found: the records for the answer and additional sections, or that the name does not
 * exist. A {@link Outcome#FOUND} with no answers is Consul's {@code errNoData}: the name exists without
 * records of the asked type (NOERROR with the SOA in authority, RFC 2308 section 2.2).
 */
public record Answer(Outcome outcome, List<org.xbill.DNS.Record> answers, List<org.xbill.DNS.Record> additional) {

    /** The kinds of result a lookup has; store failures complete the lookup's future exceptionally instead. */
    public enum Outcome {
        FOUND,
        NAME_ERROR
    }

    private static final Answer NAME_ERROR = new Answer(Outcome.NAME_ERROR, List.of(), List.of());

    public Answer {
        answers = List.copyOf(answers);
        additional = List.copyOf(additional);
    }

    public static Answer nameError() {
        return NAME_ERROR;
    }

    public static Answer of(List<org.xbill.DNS.Record> answers, List<org.xbill.DNS.Record> additional) {
        return new Answer(Outcome.FOUND, answers, additional);
    }
}
