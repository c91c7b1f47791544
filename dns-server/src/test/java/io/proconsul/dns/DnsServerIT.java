package io.proconsul.dns;

import static io.proconsul.dns.DnsFixture.ask;
import static io.proconsul.dns.DnsFixture.dns;
import static io.proconsul.dns.DnsFixture.resolver;
import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthStatus;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The DNS interface end to end: a real single-server RaftStore, DnsServers on 127.0.0.1 reading it, and
 * dnsjava's SimpleResolver over UDP and TCP. One store for the class; each test uses its own service
 * names, and servers with other {@code dns_config} share the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsServerIT {

    private DnsFixture fixture;
    private DnsServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fixture = new DnsFixture(dir);
        server = fixture.dnsServer(dns(b -> {}), List.of());
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Set<String> addresses(Message m, int section) {
        return m.getSection(section).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toSet());
    }

    @Test
    void aSrvAndAnyOverUdpAndTcp() throws Exception {
        for (int i = 1; i <= 2; i++) {
            fixture.register("api" + i, "10.1.0." + i, Map.of("rack", "r" + i), "api", "", 8000 + i, List.of("v1"),
                    HealthStatus.PASSING);
        }
        for (boolean tcp : new boolean[] {false, true}) {
            SimpleResolver r = resolver(server, tcp, 0);
            Message a = ask(r, "api.service.consul.", Type.A);
            assertThat(a.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(addresses(a, Section.ANSWER)).containsExactlyInAnyOrder("10.1.0.1", "10.1.0.2");

            Message srv = ask(r, "_api._v1.service.dc1.consul.", Type.SRV);
            assertThat(srv.getSection(Section.ANSWER)).hasSize(2).allSatisfy(rr -> {
                SRVRecord s = (SRVRecord) rr;
                assertThat(s.getTarget().toString()).matches("api[12]\\.node\\.dc1\\.consul\\.");
                assertThat(s.getPort()).isIn(8001, 8002);
            });
            assertThat(addresses(srv, Section.ADDITIONAL)).containsExactlyInAnyOrder("10.1.0.1", "10.1.0.2");
            assertThat(srv.getSection(Section.ADDITIONAL)).filteredOn(rr -> rr instanceof TXTRecord).hasSize(2);

            Message any = ask(r, "api.service.alt.test.", Type.ANY);
            assertThat(addresses(any, Section.ANSWER)).hasSize(2);
        }
    }

    @Test
    void unknownNamesAreNxdomainAndKnownNamesWithoutTheTypeAreNoData() throws Exception {
        fixture.register("soa-node", "10.2.0.1", Map.of(), "soa-svc", "", 80, List.of(), HealthStatus.PASSING);
        SimpleResolver r = resolver(server, false, 0);
        Message missing = ask(r, "no-such-service.service.consul.", Type.A);
        assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(missing.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);

        Message missingNode = ask(r, "no-such-node.node.consul.", Type.A);
        assertThat(missingNode.getRcode()).isEqualTo(Rcode.NXDOMAIN);

        Message node = ask(r, "soa-node.node.consul.", Type.A);
        assertThat(addresses(node, Section.ANSWER)).containsExactly("10.2.0.1");

        Message mx = ask(r, "soa-node.node.consul.", Type.MX);
        assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(mx.getSection(Section.ANSWER)).isEmpty();
        assertThat(mx.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);

        Message v6 = ask(r, "soa-svc.service.consul.", Type.AAAA);
        assertThat(v6.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(v6.getSection(Section.ANSWER)).isEmpty();
        assertThat(v6.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);

        Message soa = ask(r, "consul.", Type.SOA);
        SOARecord s = (SOARecord) soa.getSection(Section.ANSWER).get(0);
        assertThat(s.getHost()).hasToString("ns.consul.");
        assertThat(s.getAdmin()).hasToString("hostmaster.consul.");
        assertThat(s.getSerial())
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));

        Message otherDc = ask(r, "soa-svc.service.dc9.consul.", Type.A);
        assertThat(otherDc.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void criticalIsExcludedAndWarningOnlyWithOnlyPassing() throws Exception {
        fixture.register("h1", "10.3.0.1", Map.of(), "health", "", 80, List.of(), HealthStatus.PASSING);
        fixture.register("h2", "10.3.0.2", Map.of(), "health", "", 80, List.of(), HealthStatus.WARNING);
        fixture.register("h3", "10.3.0.3", Map.of(), "health", "", 80, List.of(), HealthStatus.CRITICAL);
        Message all = ask(resolver(server, true, 0), "health.service.consul.", Type.A);
        assertThat(addresses(all, Section.ANSWER)).containsExactlyInAnyOrder("10.3.0.1", "10.3.0.2");

        DnsServer strict = fixture.dnsServer(dns(b -> b.onlyPassing = true), List.of());
        Message passing = ask(resolver(strict, true, 0), "health.service.consul.", Type.A);
        assertThat(addresses(passing, Section.ANSWER)).containsExactly("10.3.0.1");

        fixture.register("c1", "10.3.1.1", Map.of(), "allcritical", "", 80, List.of(), HealthStatus.CRITICAL);
        assertThat(ask(resolver(server, false, 0), "allcritical.service.consul.", Type.A).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void twentyInstancesAreTruncatedWithTcOnUdpForAAndSrvAlike() throws Exception {
        fixture.registerTwenty("big", "10.4.0.", 9000);
        SimpleResolver udp = resolver(server, false, 0);
        for (int type : new int[] {Type.A, Type.SRV}) {
            Message m = ask(udp, "big.service.consul.", type);
            assertThat(m.getHeader().getFlag(Flags.TC)).as("TC for %s", Type.string(type)).isTrue();
            assertThat(m.getSection(Section.ANSWER)).hasSize(3);
            assertThat(m.toWire().length).isLessThanOrEqualTo(512);
        }

        Message tcpA = ask(resolver(server, true, 0), "big.service.consul.", Type.A);
        assertThat(tcpA.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcpA.getSection(Section.ANSWER)).hasSize(20);
        Message tcpSrv = ask(resolver(server, true, 0), "big.service.consul.", Type.SRV);
        assertThat(tcpSrv.getSection(Section.ANSWER)).hasSize(20);
        assertThat(addresses(tcpSrv, Section.ADDITIONAL)).hasSize(20);

        // udp_answer_limit 8 (Consul's cap): 8 SRV with glue do not fit in 512 bytes, so bytes decide.
        DnsServer eight = fixture.dnsServer(dns(b -> b.udpAnswerLimit = 8), List.of());
        Message cut = ask(resolver(eight, false, 0), "big.service.consul.", Type.SRV);
        assertThat(cut.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(cut.getSection(Section.ANSWER)).hasSizeBetween(1, 7);
        assertThat(cut.toWire().length).isLessThanOrEqualTo(512);
        for (Record rr : cut.getSection(Section.ANSWER)) {
            assertThat(cut.getSection(Section.ADDITIONAL))
                    .anyMatch(x -> x.getName().equals(((SRVRecord) rr).getTarget()) && x.getType() == Type.A);
        }
    }

    @Test
    void ednsBufferSizeLetsEverythingThroughUdpAndIsEchoed() throws Exception {
        fixture.registerTwenty("edns", "10.5.0.", 7000);
        SimpleResolver big = resolver(server, false, 4096);
        Message a = ask(big, "edns.service.consul.", Type.A);
        assertThat(a.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(a.getSection(Section.ANSWER)).hasSize(20);
        assertThat(a.getOPT()).isNotNull();
        assertThat(a.getOPT().getPayloadSize()).isEqualTo(4096);
        Message srv = ask(big, "edns.service.consul.", Type.SRV);
        assertThat(srv.getSection(Section.ANSWER)).hasSize(20);

        Message small = ask(resolver(server, false, 700), "edns.service.consul.", Type.SRV);
        assertThat(small.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(small.getSection(Section.ANSWER)).hasSizeBetween(1, 19);
        assertThat(small.toWire().length).isLessThanOrEqualTo(700);
        assertThat(small.getOPT()).isNotNull();
    }

    @Test
    void reverseLookupsFindNodesAndServiceAddresses() throws Exception {
        fixture.register("ptr-node", "10.6.0.1", Map.of(), "ptr-svc", "192.0.2.66", 80, List.of(),
                HealthStatus.PASSING);
        SimpleResolver r = resolver(server, false, 0);
        Message node = ask(r, ReverseMap.fromAddress("10.6.0.1").toString(), Type.PTR);
        assertThat(((PTRRecord) node.getSection(Section.ANSWER).get(0)).getTarget())
                .hasToString("ptr-node.node.dc1.consul.");
        Message svc = ask(r, ReverseMap.fromAddress("192.0.2.66").toString(), Type.PTR);
        assertThat(((PTRRecord) svc.getSection(Section.ANSWER).get(0)).getTarget())
                .hasToString("ptr-svc.service.dc1.consul.");
        Message none = ask(r, ReverseMap.fromAddress("10.6.9.9").toString(), Type.PTR);
        assertThat(none.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void recursorsAreTriedInOrderPastServfailAndTimeouts() throws Exception {
        ARecord upstreamAnswer = new ARecord(org.xbill.DNS.Name.fromString("example.org."), org.xbill.DNS.DClass.IN,
                60, java.net.InetAddress.getByName("192.0.2.53"));
        try (FakeUpstream failing = new FakeUpstream(q -> FakeUpstream.reply(q, Rcode.SERVFAIL));
                FakeUpstream silent = new FakeUpstream(q -> null);
                FakeUpstream good = new FakeUpstream(q -> FakeUpstream.reply(q, Rcode.NOERROR, upstreamAnswer))) {
            DnsServer recursing = fixture.dnsServer(dns(b -> b.recursorTimeout = java.time.Duration.ofMillis(500)),
                    List.of(failing.address(), silent.address(), good.address()));
            Message m = ask(resolver(recursing, false, 0), "example.org.", Type.A);
            assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(addresses(m, Section.ANSWER)).containsExactly("192.0.2.53");
            assertThat(failing.received()).isEqualTo(1);
            assertThat(silent.received()).isGreaterThanOrEqualTo(1);
            assertThat(good.received()).isEqualTo(1);

            // Inside the domain the recursors are not asked, and RA says they exist.
            Message local = ask(resolver(recursing, false, 0), "nothing.service.consul.", Type.A);
            assertThat(local.getHeader().getFlag(Flags.RA)).isTrue();
            assertThat(good.received()).isEqualTo(1);

            DnsServer allFail = fixture.dnsServer(dns(b -> {}), List.of(failing.address()));
            Message servfail = ask(resolver(allFail, false, 0), "example.org.", Type.A);
            assertThat(servfail.getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(servfail.getHeader().getFlag(Flags.RA)).isTrue();
        }
    }

    @Test
    void hostNameAddressesAreFollowedLocallyAndThroughTheRecursors() throws Exception {
        fixture.register("ext-node", "10.7.0.1", Map.of(), "external", "db.example.org", 5432, List.of(),
                HealthStatus.PASSING);
        fixture.register("int-node", "10.7.0.2", Map.of(), "target", "", 80, List.of(), HealthStatus.PASSING);
        fixture.register("alias-node", "10.7.0.3", Map.of(), "alias", "target.service.consul", 80, List.of(),
                HealthStatus.PASSING);
        ARecord db = new ARecord(org.xbill.DNS.Name.fromString("db.example.org."), org.xbill.DNS.DClass.IN, 300,
                java.net.InetAddress.getByName("192.0.2.54"));
        try (FakeUpstream upstream = new FakeUpstream(q -> FakeUpstream.reply(q, Rcode.NOERROR, db))) {
            DnsServer recursing = fixture.dnsServer(dns(b -> {}), List.of(upstream.address()));
            Message a = ask(resolver(recursing, false, 0), "external.service.consul.", Type.A);
            assertThat(a.getSection(Section.ANSWER)).extracting(Record::getType)
                    .containsExactly(Type.CNAME, Type.A);
            assertThat(addresses(a, Section.ANSWER)).containsExactly("192.0.2.54");
            assertThat(a.getSection(Section.ANSWER).get(1).getTTL()).isZero();

            Message srv = ask(resolver(recursing, false, 0), "external.service.consul.", Type.SRV);
            assertThat(((SRVRecord) srv.getSection(Section.ANSWER).get(0)).getTarget())
                    .hasToString("db.example.org.");
            assertThat(addresses(srv, Section.ADDITIONAL)).containsExactly("192.0.2.54");
        }
        Message alias = ask(resolver(server, false, 0), "alias.service.consul.", Type.A);
        assertThat(alias.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME, Type.A);
        assertThat(addresses(alias, Section.ANSWER)).containsExactly("10.7.0.2");
        // Without recursors an outside host name stays a bare CNAME.
        Message bare = ask(resolver(server, false, 0), "external.service.consul.", Type.A);
        assertThat(bare.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME);
    }

    @Test
    void garbageGetsFormerrAndTheServerKeepsAnswering() throws Exception {
        long before = server.handler().malformedQueries();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(5000);
            byte[] garbage = {0x42, 0x42, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 'x'};
            socket.send(new DatagramPacket(garbage, garbage.length, new InetSocketAddress("127.0.0.1", server.port())));
            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            socket.receive(p);
            Message reply = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            assertThat(reply.getHeader().getID()).isEqualTo(0x4242);
            assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
            byte[] tooShort = {1, 2, 3};
            socket.send(new DatagramPacket(tooShort, 3, new InetSocketAddress("127.0.0.1", server.port())));
        }
        Retry.untilPasses(java.time.Duration.ofSeconds(5),
                () -> assertThat(server.handler().malformedQueries()).isEqualTo(before + 2));
        assertThat(ask(resolver(server, false, 0), "7f000001.addr.consul.", Type.A).getRcode())
                .isEqualTo(Rcode.NOERROR);
    }
}
