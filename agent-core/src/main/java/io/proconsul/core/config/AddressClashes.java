package io.proconsul.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consul's check that no two listeners share an address and port: DNS (TCP and UDP), HTTP, HTTPS, then
 * the advertised RPC and Serf addresses, in that order, each reported against the first user of the
 * address ({@code HTTP address 127.0.0.1:8600 already configured for DNS}). A port of -1 is a listener
 * that is off and takes no address.
 */
final class AddressClashes {

    private final Map<String, String> inUse = new HashMap<>();

    private AddressClashes() {}

    static void check(AgentConfig cfg, MergedConfig c) throws ConfigException {
        AddressClashes a = new AddressClashes();
        AgentConfig.Ports p = cfg.ports();
        String adv = cfg.effectiveAdvertiseAddr();
        a.add("DNS", "tcp", cfg.dnsAddrs(), p.dns(), c, "ports.dns");
        a.add("DNS", "udp", cfg.dnsAddrs(), p.dns(), c, "ports.dns");
        a.add("HTTP", "tcp", cfg.httpAddrs(), p.http(), c, "ports.http");
        a.add("HTTPS", "tcp", cfg.clientAddrs(), p.https(), c, "ports.https");
        a.add("RPC Advertise", "tcp", List.of(adv), p.server(), c, "ports.server");
        a.add("Serf Advertise LAN", "tcp", List.of(adv), p.serfLan(), c, "ports.serf_lan");
        a.add("Serf Advertise WAN", "tcp", List.of(adv), p.serfWan(), c, "ports.serf_wan");
    }

    private void add(String name, String net, List<String> ips, int port, MergedConfig c, String key)
            throws ConfigException {
        if (port <= 0) {
            return;
        }
        List<String> addrs = new ArrayList<>();
        for (String ip : ips) {
            addrs.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port);
        }
        for (String addr : addrs) {
            String other = inUse.putIfAbsent(net + ":" + addr, name);
            if (other != null) {
                throw c.error(name + " address " + addr + " already configured for " + other, key);
            }
        }
    }
}
