package io.proconsul.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.raft.RaftStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A server waiting for two more ({@code bootstrap_expect = 3}) has no Raft group and no leader yet, so the
 * store cannot answer any read, stale or not (Consul's server is in the same position: its LastContact is
 * infinite, so even {@code allow_stale} re-asks the leader). DNS answers SERVFAIL promptly instead of
 * leaving the client to time out, and keeps serving what needs no store (addr names, the SOA).
 */
class NoLeaderIT {

    @Test
    void storeFailuresAreServfailForStaleAndLeaderReads(@TempDir Path dir) throws Exception {
        AgentConfig dev = DnsFixture.config(dir, AgentConfig.Dns.DEFAULTS, List.of());
        AgentConfig expecting = new AgentConfig(dev.nodeName(), dev.nodeId(), dev.datacenter(),
                dev.primaryDatacenter(), dev.dataDir(), true, false, 3, false, dev.bindAddr(), dev.clientAddrs(),
                dev.advertiseAddr(), dev.addresses(), dev.ports(), dev.logLevel(), dev.logFile(), false,
                dev.limits(), dev.domain(), dev.startJoin(), dev.retryJoin(), dev.retryInterval(), dev.retryMax(),
                false, dev.nodeMeta(), dev.raft(), dev.discovery());
        InProcessEventBus bus = new InProcessEventBus();
        RaftStore store = new RaftStore(expecting, bus);
        store.start();
        DnsServer stale = server(store, DnsFixture.dns(b -> b.maxStale = Duration.ZERO));
        DnsServer strict = server(store, DnsFixture.dns(b -> b.allowStale = false));
        try {
            assertThat(store.leader()).isEmpty();
            for (DnsServer s : List.of(stale, strict)) {
                Message m = DnsFixture.ask(resolver(s), "web.service.consul.", Type.SRV);
                assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
                assertThat(m.getSection(org.xbill.DNS.Section.QUESTION)).hasSize(1);
                Message addr = DnsFixture.ask(resolver(s), "7f000001.addr.consul.", Type.A);
                assertThat(addr.getRcode()).isEqualTo(Rcode.NOERROR);
                Message soa = DnsFixture.ask(resolver(s), "consul.", Type.SOA);
                assertThat(soa.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(soa.getSection(org.xbill.DNS.Section.ANSWER)).singleElement()
                        .isInstanceOf(org.xbill.DNS.SOARecord.class);
            }
        } finally {
            strict.close();
            stale.close();
            store.close();
            bus.close();
        }
    }

    private static DnsServer server(RaftStore store, AgentConfig.Dns dns) throws Exception {
        DnsSettings settings = DnsSettings.from(DnsFixture.config(Path.of("unused"), dns, List.of()));
        DnsServer s = new DnsServer(List.of("127.0.0.1"), 0, new DnsHandler(settings, store, Clock.systemUTC(),
                new Random()));
        s.start();
        return s;
    }

    private static SimpleResolver resolver(DnsServer s) {
        SimpleResolver r = DnsFixture.resolver(s, true, 0);
        // A read that needs the leader fails only after the store's own wait for one.
        r.setTimeout(Duration.ofSeconds(30));
        return r;
    }
}
