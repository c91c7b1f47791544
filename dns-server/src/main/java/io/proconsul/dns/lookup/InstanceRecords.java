package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.dns.IpLiterals;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * The records for one service instance, following Consul's {@code makeNodeServiceRecords}:
 * <ul>
 *   <li>no service address and an IP node address: A/AAAA named as asked; for SRV, the target is the node's
 *       canonical {@code <node>.node.<dc>.<domain>} with its address in the additional section</li>
 *   <li>a service address that is an IP: as above, but an SRV target is {@code <hex>.addr.<dc>.<domain>}</li>
 *   <li>a host name (service address, or node address when the service has none): a CNAME to it, or an
 *       SRV with it as the target; a service address equal to the question name uses the node instead</li>
 * </ul>
 * Addresses are first translated for the question type ({@link AddressTranslation}).
 *
 * @param dc the datacenter for canonical names
 */
record InstanceRecords(Question question, String dc, long ttl) {

    /** The answer and additional records of one instance; both empty if the question type has none. */
    record Pair(List<org.xbill.DNS.Record> answers, List<org.xbill.DNS.Record> additional) {
        static final Pair NONE = new Pair(List.of(), List.of());
    }

    Pair of(ServiceEntry e) {
        int qtype = question.type();
        String serviceAddr = AddressTranslation.service(qtype, e.service().address(), e.service().taggedAddresses());
        String nodeAddr = AddressTranslation.node(qtype, e.node().address(), e.node().taggedAddresses());
        if (serviceAddr.isEmpty() && nodeAddr.isEmpty()) {
            return Pair.NONE;
        }
        byte[] nodeIp = IpLiterals.parse(nodeAddr);
        byte[] serviceIp = IpLiterals.parse(serviceAddr);
        if (serviceAddr.isEmpty() && nodeIp != null) {
            // A translated node address (a lan_ipv4/lan_ipv6 tag) is not the node's name: the addr form.
            return nodeAddr.equals(e.node().address()) ? fromNode(e, nodeIp) : fromIp(e, nodeIp);
        }
        if (serviceAddr.isEmpty()) {
            return fromHost(e, nodeAddr);
        }
        if (serviceIp != null) {
            return fromIp(e, serviceIp);
        }
        Name serviceHost = Records.hostName(serviceAddr);
        if (serviceHost != null && serviceHost.equals(question.name()) && nodeIp != null) {
            return fromNode(e, nodeIp);
        }
        return fromHost(e, serviceAddr);
    }

    private Pair fromNode(ServiceEntry e, byte[] ip) {
        if (question.type() != Type.SRV) {
            return single(Records.address(question.type(), ip, question.name(), ttl));
        }
        Name target = Records.nodeName(e.node().node(), dc, question.zone());
        return srv(e, target, target == null ? null : Records.address(Type.SRV, ip, target, ttl));
    }

    private Pair fromIp(ServiceEntry e, byte[] ip) {
        if (question.type() != Type.SRV) {
            return single(Records.address(question.type(), ip, question.name(), ttl));
        }
        Name target = Records.addrName(ip, dc, question.zone());
        return srv(e, target, Records.address(Type.SRV, ip, target, ttl));
    }

    private Pair fromHost(ServiceEntry e, String host) {
        Name target = Records.hostName(host);
        if (target == null) {
            return Pair.NONE;
        }
        if (question.type() == Type.SRV) {
            return srv(e, target, null);
        }
        return new Pair(List.of(Records.cname(question.name(), target, ttl)), List.of());
    }

    private Pair srv(ServiceEntry e, Name target, org.xbill.DNS.Record glue) {
        if (target == null) {
            return Pair.NONE;
        }
        SRVRecord srv = new SRVRecord(question.name(), DClass.IN, ttl, 1, HealthyInstances.weight(e),
                e.service().port(), target);
        return new Pair(List.of(srv), glue == null ? List.of() : List.of(glue));
    }

    private static Pair single(org.xbill.DNS.Record r) {
        return r == null ? Pair.NONE : new Pair(List.of(r), List.of());
    }
}
