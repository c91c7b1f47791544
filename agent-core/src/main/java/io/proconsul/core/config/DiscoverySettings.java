package io.proconsul.core.config;

import io.proconsul.core.GoDuration;
import io.proconsul.core.local.CheckDefinition;
import io.proconsul.core.local.ServiceDefinition;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds {@link AgentConfig.Discovery} from the merged sources: the service and check definitions (already
 * decoded per file by {@link SourceDecoder}), the script-check switches, {@code dns_config {}},
 * {@code recursors} and {@code alt_domain}, with the checks and messages of Consul's
 * {@code builder.validate}.
 */
final class DiscoverySettings {

    /** Consul's {@code remoteScriptCheckSecurityWarning}: we have neither ACLs nor allow_write_http_from. */
    static final String REMOTE_SCRIPT_WARNING = "using enable-script-checks without ACLs and without "
            + "allow_write_http_from is DANGEROUS, use enable-local-script-checks instead, see "
            + "https://www.hashicorp.com/blog/protecting-consul-from-rce-risk-in-specific-configurations/";

    private static final Pattern RECURSOR = Pattern.compile("^\\[?([0-9A-Fa-f:.]+?)]?(?::(\\d{1,5}))?$");

    private final MergedConfig c;
    private final List<String> warnings;

    DiscoverySettings(MergedConfig c, List<String> warnings) {
        this.c = c;
        this.warnings = warnings;
    }

    AgentConfig.Discovery build(String datacenter) throws ConfigException {
        long outputMax = c.number("check_output_max_size");
        if (outputMax <= 0) {
            throw c.error("check_output_max_size must be positive, to discard check output use the "
                    + "discard_check_output flag", "check_output_max_size");
        }
        boolean scripts = c.bool("enable_script_checks");
        if (scripts) {
            warnings.add(REMOTE_SCRIPT_WARNING);
        }
        List<ServiceDefinition> services = c.definitions("services");
        List<CheckDefinition> checks = c.definitions("checks");
        return new AgentConfig.Discovery(services, checks, scripts, c.bool("enable_local_script_checks"),
                (int) outputMax, dns(), recursors(), altDomain(datacenter));
    }

    private AgentConfig.Dns dns() throws ConfigException {
        Map<String, Duration> serviceTtl = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : c.map("dns_config.service_ttl").entrySet()) {
            serviceTtl.put(e.getKey(), parse("dns_config.service_ttl", e.getKey(), e.getValue()));
        }
        return new AgentConfig.Dns(c.bool("dns_config.allow_stale"), duration("dns_config.max_stale"),
                duration("dns_config.node_ttl"), serviceTtl, c.bool("dns_config.only_passing"),
                c.bool("dns_config.enable_truncate"), atLeastZero("dns_config.udp_answer_limit"),
                atLeastZero("dns_config.a_record_limit"), duration("dns_config.recursor_timeout"),
                c.bool("dns_config.disable_compression"), c.bool("dns_config.enable_additional_node_meta_txt"),
                atLeastZero("dns_config.soa.min_ttl"));
    }

    private int atLeastZero(String key) throws ConfigException {
        long v = c.number(key);
        if (v < 0) {
            throw c.error(key + " cannot be " + v + ". Must be greater than or equal to zero", key);
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    private Duration duration(String key) throws ConfigException {
        return parse(key, null, c.string(key));
    }

    private Duration parse(String key, String mapKey, String v) throws ConfigException {
        try {
            return GoDuration.parse(v);
        } catch (IllegalArgumentException e) {
            String name = mapKey == null ? key : key + "[" + mapKey + "]";
            throw c.error(name + ": invalid duration: \"" + v + "\": " + e.getMessage(), key);
        }
    }

    /** Each recursor is an IP with an optional port (53 when absent, added by the DNS server). */
    private List<String> recursors() throws ConfigException {
        List<String> out = c.list("recursors");
        for (String r : out) {
            var m = RECURSOR.matcher(r.strip());
            InetAddress ip = m.matches() ? AddressSettings.parseIp(m.group(1)) : null;
            if (ip == null || (m.group(2) != null && Integer.parseInt(m.group(2)) > 65535)) {
                throw c.error("recursors: invalid address \"" + r + "\": expected an IP address with an "
                        + "optional port", "recursors");
            }
            if (ip.isAnyLocalAddress()) {
                throw c.error("DNS recursor address cannot be 0.0.0.0, :: or [::]", "recursors");
            }
        }
        return out;
    }

    /**
     * Consul's {@code isValidAltDomain}: the alternative domain may not begin with a label that DNS
     * queries use ({@code service}, {@code node}, ... or the datacenter), or lookups would be ambiguous.
     */
    private String altDomain(String datacenter) throws ConfigException {
        String d = c.isSet("alt_domain") ? c.string("alt_domain").strip().toLowerCase(Locale.ROOT) : "";
        if (d.isEmpty()) {
            return "";
        }
        String dc = Pattern.quote(datacenter);
        if (Pattern.compile("^(service|connect|node|query|addr|" + dc + ")\\.(" + dc + "\\.)?").matcher(d).find()) {
            throw c.error("alt_domain cannot start with {service,connect,node,query,addr," + datacenter + "}",
                    "alt_domain");
        }
        return d.endsWith(".") ? d : d + ".";
    }
}
