package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.Store;
import io.proconsul.dns.DnsSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;

/**
 * {@code [tag.]<service>.service.<domain>} for every type but SRV (A, AAAA, ANY, ...): one address record
 * per healthy instance, shuffled, duplicates dropped, at most {@code a_record_limit} (0: no limit). CNAMEs
 * (instances addressed by host name) are used only when no instance has an IP, and then only the first,
 * as Consul's {@code addServiceNodeRecordsToMessage}. No healthy instance: NXDOMAIN.
 */
public final class ServiceLookup extends InstanceLookup {

    public ServiceLookup(Store store, DnsSettings settings, Random random) {
        super(store, settings, random);
    }

    @Override
    Answer answerHealthy(Question q, List<ServiceEntry> healthy, InstanceRecords records, long ttl) {
        int limit = settings.dns().aRecordLimit();
        List<org.xbill.DNS.Record> answers = new ArrayList<>();
        List<org.xbill.DNS.Record> firstCname = List.of();
        Set<org.xbill.DNS.Record> seen = new HashSet<>();
        int count = 0;
        for (ServiceEntry e : healthy) {
            List<org.xbill.DNS.Record> rrs = records.of(e).answers();
            if (rrs.isEmpty() || !seen.add(rrs.get(0))) {
                continue;
            }
            if (rrs.get(0) instanceof CNAMERecord) {
                firstCname = firstCname.isEmpty() ? rrs : firstCname;
                continue;
            }
            answers.addAll(rrs);
            if (++count == limit) {
                break;
            }
        }
        return Answer.of(answers.isEmpty() ? firstCname : answers, List.of());
    }
}
