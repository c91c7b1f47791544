package io.proconsul.dns.lookup;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.catalog.Weights;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.dns.DnsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/** Catalog data for lookup tests, built the way the store returns it. */
final class Entries {

    static final Name CONSUL = Name.fromConstantString("consul.");

    private Entries() {}

    static ServiceEntry entry(String node, String nodeAddr, String serviceAddr, int port, String... statuses) {
        return entry(node, nodeAddr, Map.of(), serviceAddr, port, List.of(), statuses);
    }

    static ServiceEntry entry(String node, String nodeAddr, Map<String, String> meta, String serviceAddr, int port,
            List<String> tags, String... statuses) {
        Node n = new Node("", node, nodeAddr, "dc1", Map.of(), meta, 1, 1);
        NodeService s = new NodeService("", "web-" + node + "-" + port, "web", tags, Map.of(), port, serviceAddr,
                Map.of(), new Weights(10, 2), false, 1, 1);
        List<HealthCheck> checks = new java.util.ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            checks.add(new HealthCheck(node, "check" + i, "check", statuses[i], "", "", s.id(), "web", tags, "ttl",
                    "", "", 1, 1));
        }
        return new ServiceEntry(n, s, checks);
    }

    static DnsSettings settings(boolean onlyPassing, int aRecordLimit, boolean metaTxt) {
        AgentConfig.Dns d = AgentConfig.Dns.DEFAULTS;
        AgentConfig.Dns dns = new AgentConfig.Dns(true, d.maxStale(), Duration.ofSeconds(7),
                Map.of("web", Duration.ofSeconds(30)), onlyPassing, true, 3, aRecordLimit, d.recursorTimeout(), false,
                metaTxt, 0);
        return new DnsSettings(CONSUL, null, "dc1", dns, List.of());
    }

    static Question question(String name, int type) {
        return new Question(Name.fromConstantString(name), type, CONSUL);
    }
}
