package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.core.store.Store;
import io.proconsul.dns.DnsSettings;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * What the two service name forms share ({@link ServiceLookup} for address questions, {@link SrvLookup} for
 * SRV): the instances of the service read from the store, filtered to the healthy ones with the tag and
 * shuffled ({@link HealthyInstances}); none left is NXDOMAIN. The subclass turns the rest into records.
 */
abstract class InstanceLookup {

    final DnsSettings settings;
    private final Store store;
    private final Random random;

    InstanceLookup(Store store, DnsSettings settings, Random random) {
        this.store = store;
        this.settings = settings;
        this.random = random;
    }

    /** Completes on a store thread; exceptionally when the store cannot answer (SERVFAIL). */
    public final CompletableFuture<Answer> lookup(Question q, QueryName.Service name) {
        return store.query(new ServiceNodes(name.service()), settings.readOptions())
                .thenApply(r -> answer(q, name, r.value()));
    }

    final Answer answer(Question q, QueryName.Service name, List<ServiceEntry> entries) {
        List<ServiceEntry> healthy =
                HealthyInstances.select(entries, name.tag(), settings.dns().onlyPassing(), random);
        if (healthy.isEmpty()) {
            return Answer.nameError();
        }
        long ttl = settings.serviceTtlSeconds(name.service());
        return answerHealthy(q, healthy, new InstanceRecords(q, settings.datacenter(), ttl), ttl);
    }

    /** The answer for at least one healthy instance, in the order given. */
    abstract Answer answerHealthy(Question q, List<ServiceEntry> healthy, InstanceRecords records, long ttl);
}
