package io.proconsul.dns;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.raft.RaftStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.SimpleResolver;

/**
 * A real single-server {@link RaftStore} in a temporary directory with any number of {@link DnsServer}s on
 * 127.0.0.1 (port 0) reading it, each with its own {@code dns_config}. Closed in reverse order.
 */
final class DnsFixture implements AutoCloseable {

    final InProcessEventBus bus = new InProcessEventBus();
    final RaftStore store;
    private final List<DnsServer> servers = new ArrayList<>();

    DnsFixture(Path dataDir) throws Exception {
        store = new RaftStore(config(dataDir, dns(b -> {}), List.of()), bus);
        store.start();
    }

    /** Builder-style tweaks of {@code dns_config} on top of Consul's defaults (enable_truncate on). */
    interface DnsTweak {
        void apply(DnsBuilder b);
    }

    static final class DnsBuilder {
        boolean allowStale = true;
        boolean onlyPassing;
        boolean enableTruncate = true;
        int udpAnswerLimit = 3;
        int aRecordLimit;
        Duration recursorTimeout = Duration.ofSeconds(2);
        Duration maxStale = AgentConfig.Dns.DEFAULTS.maxStale();
        Map<String, Duration> serviceTtl = Map.of();
    }

    static AgentConfig.Dns dns(DnsTweak tweak) {
        DnsBuilder b = new DnsBuilder();
        tweak.apply(b);
        AgentConfig.Dns d = AgentConfig.Dns.DEFAULTS;
        return new AgentConfig.Dns(b.allowStale, b.maxStale, Duration.ZERO, b.serviceTtl, b.onlyPassing,
                b.enableTruncate, b.udpAnswerLimit, b.aRecordLimit, b.recursorTimeout, false, true, 0);
    }

    static AgentConfig config(Path dataDir, AgentConfig.Dns dns, List<String> recursors) {
        AgentConfig.Discovery discovery = new AgentConfig.Discovery(List.of(), List.of(), false, false, 4096, dns,
                recursors, "alt.test.");
        return new AgentConfig("node1", "5e9a6a8b-3b8c-4a9a-8f36-2f2b7a8e7c11", "dc1", "dc1", dataDir.toString(),
                true, true, 0, true, "127.0.0.1", List.of("127.0.0.1"), "", AgentConfig.Addresses.NONE,
                new AgentConfig.Ports(0, 0, -1, -1, 0, 0, 0), "WARN", "", false, AgentConfig.Limits.DEFAULTS,
                "consul.", List.of(), List.of(), Duration.ofSeconds(30), 0, false, Map.of(),
                new AgentConfig.Raft(16384, Duration.ofSeconds(30), 10240, 1), discovery);
    }

    /** A started DNS server on this store with the given settings. */
    DnsServer dnsServer(AgentConfig.Dns dns, List<String> recursors) throws Exception {
        DnsSettings settings = DnsSettings.from(config(Path.of("unused"), dns, recursors));
        DnsServer server = new DnsServer(List.of("127.0.0.1"), 0,
                new DnsHandler(settings, store, Clock.systemUTC(), new Random()));
        server.start();
        servers.add(server);
        return server;
    }

    /**
     * Twenty passing instances of {@code service}, one per node {@code <service>-node-<i>} at
     * {@code <addressPrefix><i>}, port {@code basePort + i}: more than a 512-byte UDP answer holds.
     */
    void registerTwenty(String service, String addressPrefix, int basePort) throws Exception {
        for (int i = 1; i <= 20; i++) {
            register(service + "-node-" + i, addressPrefix + i, Map.of(), service, "", basePort + i, List.of(),
                    HealthStatus.PASSING);
        }
    }

    /** Registers a service instance (and its node) with one check per status, waiting for the leader. */
    void register(String node, String nodeAddr, Map<String, String> meta, String service, String serviceAddr,
            int port, List<String> tags, String... statuses) throws Exception {
        String id = service + "-" + node + "-" + port;
        NodeService s = new NodeService("", id, service, tags, Map.of(), port, serviceAddr, Map.of(), null, false,
                0, 0);
        List<HealthCheck> checks = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            checks.add(new HealthCheck("", id + "-check" + i, "check " + i, statuses[i], "", "", id, service,
                    List.of(), "", "", "", 0, 0));
        }
        CatalogRegister register = new CatalogRegister(node, "", nodeAddr, Map.of(), meta, s, checks, false);
        Retry.untilPasses(Duration.ofSeconds(30),
                () -> store.apply(register).get(10, TimeUnit.SECONDS));
    }

    /** A dnsjava resolver for {@code server}: UDP unless {@code tcp}, EDNS with {@code ednsSize} if non-zero. */
    static SimpleResolver resolver(DnsServer server, boolean tcp, int ednsSize) {
        SimpleResolver r = new SimpleResolver(new java.net.InetSocketAddress("127.0.0.1", server.port()));
        r.setTCP(tcp);
        r.setIgnoreTruncation(true);
        r.setTimeout(Duration.ofSeconds(5));
        if (ednsSize > 0) {
            r.setEDNS(0, ednsSize, 0, List.of());
        } else {
            r.setEDNS((OPTRecord) null);
        }
        return r;
    }

    static Message ask(SimpleResolver r, String name, int type) throws Exception {
        return r.send(Message.newQuery(org.xbill.DNS.Record.newRecord(org.xbill.DNS.Name.fromString(name), type,
                org.xbill.DNS.DClass.IN)));
    }

    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
        store.close();
        bus.close();
    }
}
