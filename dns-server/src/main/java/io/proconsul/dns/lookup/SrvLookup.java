package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.store.Store;
import io.proconsul.dns.DnsSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * SRV questions for a service ({@code <service>.service...}, {@code _<service>._<tag>.service...}): one SRV
 * per healthy instance (priority 1, weight by health, the service port), shuffled, one per distinct
 * node:address:port; the targets' addresses and, with {@code enable_additional_node_meta_txt}, the nodes'
 * meta as TXT in the additional section. {@code a_record_limit} does not apply to SRV, as in Consul.
 */
public final class SrvLookup extends InstanceLookup {

    public SrvLookup(Store store, DnsSettings settings, Random random) {
        super(store, settings, random);
    }

    @Override
    Answer answerHealthy(Question q, List<ServiceEntry> healthy, InstanceRecords records, long ttl) {
        List<org.xbill.DNS.Record> answers = new ArrayList<>();
        List<org.xbill.DNS.Record> additional = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ServiceEntry e : healthy) {
            String tuple = e.node().node() + ":" + e.service().address() + ":" + e.service().port();
            if (!seen.add(tuple)) {
                continue;
            }
            InstanceRecords.Pair pair = records.of(e);
            answers.addAll(pair.answers());
            additional.addAll(pair.additional());
            if (settings.dns().enableAdditionalNodeMetaTxt() && !pair.answers().isEmpty()) {
                var nodeName = Records.nodeName(e.node().node(), settings.datacenter(), q.zone());
                if (nodeName != null) {
                    additional.addAll(Records.nodeMeta(nodeName, e.node().meta(), ttl));
                }
            }
        }
        return Answer.of(answers, additional);
    }
}
