package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.dns.IpLiterals;
import java.util.Map;
import org.xbill.DNS.Type;

/**
 * Which address of a node or service DNS uses for a question type, as Consul's {@code TranslateAddress} and
 * {@code TranslateServiceAddress} within the local datacenter: an A question takes the {@code lan_ipv4}
 * tagged address when there is one, an AAAA question {@code lan_ipv6}; otherwise the plain address, if it
 * can serve the question (an IP of the right family for A/AAAA, anything for other types, a host name
 * always). {@code ""} when none can.
 */
final class AddressTranslation {

    static final String LAN_IPV4 = "lan_ipv4";
    static final String LAN_IPV6 = "lan_ipv6";

    private AddressTranslation() {}

    static String node(int qtype, String address, Map<String, String> tagged) {
        return choose(qtype, address, tagged.getOrDefault(LAN_IPV4, ""), tagged.getOrDefault(LAN_IPV6, ""));
    }

    static String service(int qtype, String address, Map<String, ServiceAddress> tagged) {
        ServiceAddress v4 = tagged.get(LAN_IPV4);
        ServiceAddress v6 = tagged.get(LAN_IPV6);
        return choose(qtype, address, v4 == null ? "" : v4.address(), v6 == null ? "" : v6.address());
    }

    private static String choose(int qtype, String def, String v4, String v6) {
        boolean any = qtype != Type.A && qtype != Type.AAAA;
        if (qtype == Type.AAAA && !v6.isEmpty()) {
            return v6;
        }
        if (qtype == Type.A && !v4.isEmpty()) {
            return v4;
        }
        if (any) {
            return def;
        }
        byte[] ip = IpLiterals.parse(def);
        if (ip == null) {
            return def;
        }
        return (ip.length == 4) == (qtype == Type.A) ? def : "";
    }
}
