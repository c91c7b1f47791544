package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.core.store.Store;
import io.proconsul.dns.DnsSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.CNAMERecord;

/**
 * {@code [tag.]<service>.service.<domain>} for every type but SRV (A, AAAA, ANY, ...): one address record
 * per healthy instance, shuffled, duplicates dropped, at most {@code a_record_limit} (0: no limit). CNAMEs
 * (instances addressed by host name) are used only when no instance has an IP, and then only the first,
 * as Consul's {@code addServiceNodeRecordsToMessage}. No healthy instance: NXDOMAIN.
 */
public final class ServiceLookup {

    private final Store store;
    private final DnsSettings settings;
    private final Random random;

    public ServiceLookup(Store store, DnsSettings settings, Random random) {
        this.store = store;
        this.settings = settings;
        this.random = random;
    }

    /** Completes on a store thread; exceptionally when the store cannot answer (SERVFAIL). */
    public CompletableFuture<Answer> lookup(Question q, QueryName.Service name) {
        return store.query(new ServiceNodes(name.service()), settings.readOptions())
                .thenApply(r -> answer(q, name, r.value()));
    }

    Answer answer(Question q, QueryName.Service name, List<ServiceEntry> entries) {
        List<ServiceEntry> healthy =
                HealthyInstances.select(entries, name.tag(), settings.dns().onlyPassing(), random);
        if (healthy.isEmpty()) {
            return Answer.nameError();
        }
        InstanceRecords records =
                new InstanceRecords(q, settings.datacenter(), settings.serviceTtlSeconds(name.service()));
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
