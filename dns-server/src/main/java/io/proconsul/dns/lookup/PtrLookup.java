package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.CatalogServices;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.core.store.Store;
import io.proconsul.dns.DnsSettings;
import io.proconsul.dns.IpLiterals;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.ReverseMap;

/**
 * Reverse lookups ({@code in-addr.arpa.}, {@code ip6.arpa.}), as Consul's {@code handlePtr}: the first node
 * whose address is the one asked for answers with its canonical {@code <node>.node.<dc>.<domain>}; failing
 * that, the first service instance registered with that service address answers with
 * {@code <service>.service.<dc>.<domain>}. TTL 0, as Consul. Nothing found: {@link Answer#nameError()}, and
 * the caller recurses when it has recursors.
 */
public final class PtrLookup {

    private final Store store;
    private final DnsSettings settings;

    public PtrLookup(Store store, DnsSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Completes on a store thread; exceptionally when the store cannot answer. */
    public CompletableFuture<Answer> lookup(Name qname) {
        byte[] ip;
        try {
            ip = ReverseMap.fromName(qname).getAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return CompletableFuture.completedFuture(Answer.nameError());
        }
        return store.query(new CatalogNodes(), settings.readOptions()).thenCompose(nodes -> {
            for (Node n : nodes.value()) {
                byte[] nodeIp = IpLiterals.parse(n.address());
                Name target = Records.nodeName(n.node(), dcOf(n), settings.domain());
                if (nodeIp != null && Arrays.equals(nodeIp, ip) && target != null) {
                    return CompletableFuture.completedFuture(ptr(qname, target));
                }
            }
            return byServiceAddress(qname, ip);
        });
    }

    private CompletableFuture<Answer> byServiceAddress(Name qname, byte[] ip) {
        return store.query(new CatalogServices(), settings.readOptions()).thenCompose(services -> {
            List<CompletableFuture<List<ServiceEntry>>> reads = new ArrayList<>();
            for (String service : services.value().keySet()) {
                reads.add(store.query(new ServiceNodes(service), settings.readOptions()).thenApply(r -> r.value()));
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(done -> {
                for (CompletableFuture<List<ServiceEntry>> read : reads) {
                    for (ServiceEntry e : read.join()) {
                        byte[] serviceIp = IpLiterals.parse(e.service().address());
                        Name target = Records.serviceName(e.service().service(), dcOf(e.node()), settings.domain());
                        if (serviceIp != null && Arrays.equals(serviceIp, ip) && target != null) {
                            return ptr(qname, target);
                        }
                    }
                }
                return Answer.nameError();
            });
        });
    }

    private String dcOf(Node n) {
        return n.datacenter().isEmpty() ? settings.datacenter() : n.datacenter();
    }

    private static Answer ptr(Name qname, Name target) {
        return Answer.of(List.of(new PTRRecord(qname, DClass.IN, 0, target)), List.of());
    }
}
