package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Store;
import io.proconsul.dns.DnsSettings;
import io.proconsul.dns.IpLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@code <node>.node.<domain>}: the node's address as A/AAAA (a CNAME when it is a host name), and its meta
 * as TXT records, in the answer for TXT and ANY questions and in the additional section otherwise when
 * {@code enable_additional_node_meta_txt} is on (Consul's {@code handleNodeQuery}). An unknown node is
 * NXDOMAIN; a known node without records of the asked type is NOERROR with the SOA.
 */
public final class NodeLookup {

    private final Store store;
    private final DnsSettings settings;

    public NodeLookup(Store store, DnsSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Completes on a store thread; exceptionally when the store cannot answer (SERVFAIL). */
    public CompletableFuture<Answer> lookup(Question q, QueryName.Node name) {
        return store.query(new NodeInfo(name.node()), settings.readOptions()).thenApply(r -> answer(q, r.value()));
    }

    Answer answer(Question q, Optional<NodeServices> found) {
        if (found.isEmpty()) {
            return Answer.nameError();
        }
        int type = q.type();
        if (type != Type.ANY && type != Type.A && type != Type.AAAA && type != Type.TXT) {
            return Answer.of(List.of(), List.of());
        }
        Node node = found.get().node();
        long ttl = settings.nodeTtlSeconds();
        List<org.xbill.DNS.Record> answers = new ArrayList<>();
        List<org.xbill.DNS.Record> additional = new ArrayList<>();
        if (type != Type.TXT) {
            answers.addAll(addressRecords(q, AddressTranslation.node(type, node.address(), node.taggedAddresses()),
                    ttl));
        }
        List<org.xbill.DNS.Record> meta = Records.nodeMeta(q.name(), node.meta(), ttl);
        if (type == Type.TXT || type == Type.ANY) {
            answers.addAll(meta);
        } else if (settings.dns().enableAdditionalNodeMetaTxt()) {
            additional.addAll(meta);
        }
        return Answer.of(answers, additional);
    }

    private static List<org.xbill.DNS.Record> addressRecords(Question q, String address, long ttl) {
        byte[] ip = IpLiterals.parse(address);
        if (ip != null) {
            org.xbill.DNS.Record r = Records.address(q.type(), ip, q.name(), ttl);
            return r == null ? List.of() : List.of(r);
        }
        Name host = Records.hostName(address);
        return host == null || address.isEmpty() ? List.of() : List.of(Records.cname(q.name(), host, ttl));
    }
}
