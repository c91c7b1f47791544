package io.proconsul.dns.lookup;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A question name under the agent's domain, parsed the way Consul's {@code dispatch} does: the rightmost
 * label that names a kind ({@code service}, {@code node}, {@code addr}, ...) splits the name into the
 * query parts on its left and the locality (an optional datacenter) on its right.
 *
 * <ul>
 *   <li>{@code [tag.]<service>.service[.<dc>[.dc]].<domain>}; a tag may itself contain dots</li>
 *   <li>{@code _<service>._<tag>.service...} (RFC 2782), where {@code _tcp} means no tag; for SRV questions
 *       the {@code service} label may be left out: {@code _web._tcp.<domain>}</li>
 *   <li>{@code <node>.node[.<dc>[.dc]].<domain>}; a node name may contain dots</li>
 *   <li>{@code <hex-ip>.addr[.<dc>].<domain>}: 8 hex digits for IPv4, 32 for IPv6</li>
 * </ul>
 * Anything else, and kinds Proconsul does not serve yet ({@code query}, {@code connect}, {@code virtual},
 * {@code ingress}), parses to {@link Invalid}: NXDOMAIN, as Consul answers names it cannot interpret.
 */
public sealed interface QueryName {

    /** A service lookup; {@code tag} is {@code null} when none was asked for. */
    record Service(String service, String tag, String datacenter) implements QueryName {}

    /** A node lookup by name. */
    record Node(String node, String datacenter) implements QueryName {}

    /** Consul's {@code addr} form: the address is in the name itself (4 or 16 bytes). */
    record Addr(byte[] ip) implements QueryName {}

    /** A name under the domain that names nothing Proconsul can answer. */
    record Invalid(String reason) implements QueryName {}

    /**
     * Parses {@code qname} relative to {@code zone} (the domain or alt domain it is under, already
     * established by the caller); an empty datacenter in the result means the agent's own.
     */
    static QueryName parse(Name qname, Name zone, int qtype) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < qname.labels() - zone.labels(); i++) {
            labels.add(qname.getLabelString(i));
        }
        for (int i = labels.size() - 1; i >= 0; i--) {
            String label = labels.get(i).toLowerCase(Locale.ROOT);
            List<String> parts = labels.subList(0, i);
            List<String> suffixes = labels.subList(i + 1, labels.size());
            switch (label) {
                case "service":
                    return service(parts, suffixes);
                case "node":
                    return node(parts, suffixes);
                case "addr":
                    return addr(parts);
                case "connect", "virtual", "ingress", "query":
                    return new Invalid("unsupported lookup kind " + label);
                default:
                    if (qtype == Type.SRV && label.startsWith("_")) {
                        return service(labels.subList(0, i + 1), suffixes);
                    }
            }
        }
        return new Invalid("no lookup kind in name");
    }

    private static QueryName service(List<String> parts, List<String> suffixes) {
        String dc = datacenter(suffixes);
        int n = parts.size();
        if (n < 1 || dc == null) {
            return new Invalid("invalid service name");
        }
        if (n == 2 && parts.get(0).startsWith("_") && parts.get(1).startsWith("_")) {
            String tag = parts.get(1).substring(1);
            return new Service(parts.get(0).substring(1), tag.equalsIgnoreCase("tcp") ? null : tag, dc);
        }
        String tag = n >= 2 ? String.join(".", parts.subList(0, n - 1)) : null;
        return new Service(parts.get(n - 1), tag, dc);
    }

    private static QueryName node(List<String> parts, List<String> suffixes) {
        String dc = datacenter(suffixes);
        if (parts.isEmpty() || dc == null) {
            return new Invalid("invalid node name");
        }
        return new Node(String.join(".", parts), dc);
    }

    private static QueryName addr(List<String> parts) {
        if (parts.size() != 1) {
            return new Invalid("invalid addr name");
        }
        String hex = parts.get(0);
        if (hex.length() != 8 && hex.length() != 32) {
            return new Invalid("invalid addr length");
        }
        try {
            return new Addr(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return new Invalid("invalid addr hex");
        }
    }

    /**
     * The datacenter of the labels right of the kind: none ({@code ""}, the agent's), {@code <dc>} or
     * {@code <dc>.dc}; {@code null} for any other shape (Consul's {@code parseLocality} without partitions
     * or peers).
     */
    private static String datacenter(List<String> suffixes) {
        if (suffixes.isEmpty()) {
            return "";
        }
        if (suffixes.size() == 1) {
            return suffixes.get(0).toLowerCase(Locale.ROOT);
        }
        if (suffixes.size() == 2 && suffixes.get(1).equalsIgnoreCase("dc")) {
            return suffixes.get(0).toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
