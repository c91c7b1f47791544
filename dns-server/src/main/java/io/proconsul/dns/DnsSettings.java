package io.proconsul.dns;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.QueryOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What the DNS interface reads from the agent's configuration, resolved once at start: the zones it is
 * authoritative for, the datacenter, {@code dns_config} and the recursors. Immutable.
 *
 * @param domain {@code domain}, absolute and lower-cased ({@code consul.})
 * @param altDomain {@code alt_domain}, or {@code null} when unset
 * @param datacenter the agent's datacenter: the only one DNS answers for until multi-datacenter support
 * @param recursors {@code recursors} with Consul's default port 53 added where none was given, in order
 */
public record DnsSettings(
        Name domain, Name altDomain, String datacenter, AgentConfig.Dns dns, List<InetSocketAddress> recursors) {

    public DnsSettings {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(dns, "dns");
        recursors = List.copyOf(recursors);
    }

    /** The settings of {@code config}; throws {@link IllegalArgumentException} for an unusable domain or recursor. */
    public static DnsSettings from(AgentConfig config) {
        String alt = config.discovery().altDomain();
        List<InetSocketAddress> recursors = new ArrayList<>();
        for (String r : config.discovery().recursors()) {
            recursors.add(recursorAddress(r));
        }
        return new DnsSettings(zone(config.domain()), alt.isEmpty() ? null : zone(alt), config.datacenter(),
                config.discovery().dns(), recursors);
    }

    private static Name zone(String text) {
        String fqdn = text.endsWith(".") ? text : text + ".";
        try {
            return Name.fromString(fqdn.toLowerCase(Locale.ROOT));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("Invalid DNS domain " + text + ": " + e.getMessage(), e);
        }
    }

    /**
     * A recursor as {@code ip}, {@code ip:port}, {@code [ipv6]:port} or a bare IPv6 address; port 53 when
     * none is given, as Consul's {@code recursorAddr}. The address must be a literal: resolving a name here
     * would need the DNS this server may itself be.
     */
    static InetSocketAddress recursorAddress(String text) {
        String host = text;
        int port = 53;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("Invalid recursor address: " + text);
            }
            host = text.substring(1, close);
            if (text.length() > close + 1) {
                port = parsePort(text, text.substring(close + 1).replaceFirst("^:", ""));
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = parsePort(text, text.substring(text.indexOf(':') + 1));
        }
        byte[] ip = IpLiterals.parse(host);
        if (ip == null) {
            throw new IllegalArgumentException("Invalid recursor address: " + text);
        }
        return new InetSocketAddress(IpLiterals.toInet(ip), port);
    }

    private static int parsePort(String text, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("Invalid recursor address: " + text);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid recursor address: " + text, e);
        }
    }

    /** How DNS reads the catalog: stale from the local replica when {@code allow_stale}, else from the leader. */
    public QueryOptions readOptions() {
        if (!dns.allowStale()) {
            return QueryOptions.DEFAULT;
        }
        return new QueryOptions(Consistency.STALE, 0, null, dns.maxStale(), "", "");
    }

    /** {@code node_ttl} in whole seconds. */
    public long nodeTtlSeconds() {
        return dns.nodeTtl().toSeconds();
    }

    /**
     * The TTL of a service's records: {@code service_ttl} by exact name first, then the longest key ending
     * in {@code *} that prefixes the name ({@code "*"} matches all), else 0. Consul matches names as given.
     */
    public long serviceTtlSeconds(String service) {
        Map<String, Duration> ttls = dns.serviceTtl();
        Duration exact = ttls.get(service);
        if (exact != null) {
            return exact.toSeconds();
        }
        Duration best = null;
        int bestLength = -1;
        for (Map.Entry<String, Duration> e : ttls.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("*")) {
                String prefix = key.substring(0, key.length() - 1);
                if (service.startsWith(prefix) && prefix.length() > bestLength) {
                    best = e.getValue();
                    bestLength = prefix.length();
                }
            }
        }
        return best == null ? 0 : best.toSeconds();
    }

    /** The zone {@code name} is in: {@link #altDomain} when it is under it (and not also under a longer domain). */
    public Name responseDomain(Name name) {
        if (altDomain != null && name.subdomain(altDomain)
                && !(name.subdomain(domain) && domain.labels() > altDomain.labels())) {
            return altDomain;
        }
        return domain;
    }

    /** Whether {@code name} is under {@link #domain} or {@link #altDomain}. */
    public boolean isAuthoritativeFor(Name name) {
        return name.subdomain(domain) || altDomain != null && name.subdomain(altDomain);
    }
}
