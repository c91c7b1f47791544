package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.core.store.Store;
import io.proconsul.dns.DnsSettings;
import io.proconsul.dns.IpLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The zone's name servers, as Consul's {@code getNameserversAndNodeRecord}: up to three healthy instances of
 * the {@code consul} service (the servers), shuffled, as NS records for the zone pointing at
 * {@code <node>.node.<dc>.<domain>} (lower-cased), with the nodes' addresses as glue. Used for NS questions
 * (answer) and SOA questions (authority). No servers registered: no records.
 */
public final class NameserverLookup {

    /** The service name Consul servers register under. */
    public static final String CONSUL_SERVICE = "consul";
    private static final int MAX_SERVERS = 3;

    private final Store store;
    private final DnsSettings settings;
    private final Random random;

    public NameserverLookup(Store store, DnsSettings settings, Random random) {
        this.store = store;
        this.settings = settings;
        this.random = random;
    }

    /** NS records as {@link Answer#answers()} and their glue as {@link Answer#additional()}. */
    public CompletableFuture<Answer> lookup(Name zone) {
        return store.query(new ServiceNodes(CONSUL_SERVICE), settings.readOptions())
                .thenApply(r -> answer(zone, r.value()));
    }

    Answer answer(Name zone, List<ServiceEntry> entries) {
        long ttl = settings.nodeTtlSeconds();
        List<org.xbill.DNS.Record> ns = new ArrayList<>();
        List<org.xbill.DNS.Record> glue = new ArrayList<>();
        for (ServiceEntry e : HealthyInstances.select(entries, null, settings.dns().onlyPassing(), random)) {
            Name target = Records.nodeName(e.node().node().toLowerCase(Locale.ROOT), settings.datacenter(), zone);
            if (target == null) {
                continue;
            }
            ns.add(new NSRecord(zone, DClass.IN, ttl, target));
            byte[] ip = IpLiterals.parse(e.node().address());
            if (ip != null) {
                glue.add(Records.address(Type.ANY, ip, target, ttl));
            }
            if (ns.size() >= MAX_SERVERS) {
                break;
            }
        }
        return Answer.of(ns, glue);
    }
}
