package io.proconsul.dns.lookup;

import io.proconsul.dns.IpLiterals;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The record shapes Consul's DNS builds from catalog data, and its canonical names. Stateless. */
public final class Records {

    private Records() {}

    /**
     * An A record for a 4-byte address or AAAA for 16 bytes, if the question type can carry it: Consul's
     * {@code makeARecord} answers A for A, ANY, SRV, NS and TXT questions (and AAAA likewise), nothing else.
     */
    static org.xbill.DNS.Record address(int qtype, byte[] ip, Name name, long ttl) {
        boolean carrier = qtype == Type.SRV || qtype == Type.ANY || qtype == Type.NS || qtype == Type.TXT;
        if (ip.length == 4 && (carrier || qtype == Type.A)) {
            return new ARecord(name, DClass.IN, ttl, IpLiterals.toInet(ip));
        }
        if (ip.length == 16 && (carrier || qtype == Type.AAAA)) {
            return new AAAARecord(name, DClass.IN, ttl, IpLiterals.toInet(ip));
        }
        return null;
    }

    /** A CNAME from {@code name} to the host name {@code target} (a catalog address that is not an IP). */
    static CNAMERecord cname(Name name, Name target, long ttl) {
        return new CNAMERecord(name, DClass.IN, ttl, target);
    }

    /** A host name from the catalog as an absolute name; {@code null} if it is not a valid DNS name. */
    static Name hostName(String host) {
        try {
            return Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            return null;
        }
    }

    /** Consul's canonical node name {@code <node>.node.<dc>.<domain>}; {@code null} for an unusable node name. */
    public static Name nodeName(String node, String datacenter, Name domain) {
        return relative(node + ".node." + datacenter, domain);
    }

    /** Consul's {@code <hex-ip>.addr.<dc>.<domain>} for an address (8 hex digits for IPv4, 32 for IPv6). */
    static Name addrName(byte[] ip, String datacenter, Name domain) {
        return relative(HexFormat.of().formatHex(ip) + ".addr." + datacenter, domain);
    }

    /** Consul's canonical service name {@code <service>.service.<dc>.<domain>} (PTR targets). */
    static Name serviceName(String service, String datacenter, Name domain) {
        return relative(service + ".service." + datacenter, domain);
    }

    private static Name relative(String text, Name domain) {
        try {
            return Name.fromString(text, domain);
        } catch (TextParseException e) {
            return null;
        }
    }

    /**
     * One TXT record per node meta entry, in key order: {@code key=value} escaped as RFC 1464, or the bare
     * value for keys starting with {@code rfc1035-} (Consul's {@code makeTXTRecordFromNodeMeta}).
     */
    static List<org.xbill.DNS.Record> nodeMeta(Name name, Map<String, String> meta, long ttl) {
        List<org.xbill.DNS.Record> out = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(meta).entrySet()) {
            String txt = e.getKey().toLowerCase(Locale.ROOT).startsWith("rfc1035-")
                    ? e.getValue()
                    : rfc1464(e.getKey(), e.getValue());
            out.add(new TXTRecord(name, DClass.IN, ttl, txt));
        }
        return out;
    }

    /** RFC 1464 section 2: backquote escapes for backquotes, '=' and leading or trailing spaces of the key. */
    static String rfc1464(String key, String value) {
        String k = key.replace("`", "``").replace("=", "`=");
        int lead = 0;
        while (lead < k.length() && k.charAt(lead) == ' ') {
            lead++;
        }
        int trail = 0;
        while (trail < k.length() - lead && k.charAt(k.length() - 1 - trail) == ' ') {
            trail++;
        }
        String core = k.substring(lead, k.length() - trail);
        k = "` ".repeat(lead) + core + "` ".repeat(trail);
        return k + "=" + value.replace("`", "``");
    }
}
