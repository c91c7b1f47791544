package io.proconsul.dns.lookup;

import static io.proconsul.dns.lookup.Entries.entry;
import static io.proconsul.dns.lookup.Entries.question;
import static io.proconsul.dns.lookup.Entries.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.ServiceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class ServiceLookupTest {

    private static final QueryName.Service WEB = new QueryName.Service("web", null, "");

    private static ServiceLookup lookup(boolean onlyPassing, int aRecordLimit) {
        return new ServiceLookup(null, settings(onlyPassing, aRecordLimit, true), new Random(1));
    }

    private static List<String> addresses(Answer a) {
        return a.answers().stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
    }

    @Test
    void criticalIsLeftOutAndWarningStaysUnlessOnlyPassing() {
        List<ServiceEntry> entries = List.of(
                entry("a", "10.0.0.1", "", 80, HealthStatus.PASSING),
                entry("b", "10.0.0.2", "", 80, HealthStatus.WARNING),
                entry("c", "10.0.0.3", "", 80, HealthStatus.PASSING, HealthStatus.CRITICAL),
                entry("d", "10.0.0.4", "", 80));
        Answer all = lookup(false, 0).answer(question("web.service.consul.", Type.A), WEB, entries);
        assertThat(addresses(all)).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.4");
        Answer passing = lookup(true, 0).answer(question("web.service.consul.", Type.A), WEB, entries);
        assertThat(addresses(passing)).containsExactly("10.0.0.1", "10.0.0.4");
    }

    @Test
    void noHealthyInstanceIsANameError() {
        Answer a = lookup(false, 0).answer(question("web.service.consul.", Type.A), WEB,
                List.of(entry("c", "10.0.0.3", "", 80, HealthStatus.CRITICAL)));
        assertThat(a.outcome()).isEqualTo(Answer.Outcome.NAME_ERROR);
        assertThat(lookup(false, 0).answer(question("web.service.consul.", Type.A), WEB, List.of()).outcome())
                .isEqualTo(Answer.Outcome.NAME_ERROR);
    }

    @Test
    void recordsAreNamedAsAskedWithTheServiceTtlAndTheServiceAddressWins() {
        Answer a = lookup(false, 0).answer(question("WEB.service.consul.", Type.A), WEB,
                List.of(entry("a", "10.0.0.1", "192.0.2.7", 80)));
        ARecord r = (ARecord) a.answers().get(0);
        assertThat(r.getName()).hasToString("WEB.service.consul.");
        assertThat(r.getTTL()).isEqualTo(30);
        assertThat(r.getAddress().getHostAddress()).isEqualTo("192.0.2.7");
    }

    @Test
    void duplicatesAreDroppedAndARecordLimitApplies() {
        List<ServiceEntry> entries = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            entries.add(entry("n" + i, "10.0.0." + i, "", 80));
        }
        entries.add(entry("n1", "10.0.0.1", "", 81));
        assertThat(lookup(false, 0).answer(question("web.service.consul.", Type.A), WEB, entries).answers())
                .hasSize(10);
        assertThat(lookup(false, 4).answer(question("web.service.consul.", Type.A), WEB, entries).answers())
                .hasSize(4);
    }

    @Test
    void tagsFilterCaseInsensitively() {
        List<ServiceEntry> entries = List.of(
                entry("a", "10.0.0.1", Map.of(), "", 80, List.of("Primary")),
                entry("b", "10.0.0.2", Map.of(), "", 80, List.of("secondary")));
        Answer a = lookup(false, 0).answer(question("primary.web.service.consul.", Type.A),
                new QueryName.Service("web", "primary", ""), entries);
        assertThat(addresses(a)).containsExactly("10.0.0.1");
        Answer none = lookup(false, 0).answer(question("x.web.service.consul.", Type.A),
                new QueryName.Service("web", "x", ""), entries);
        assertThat(none.outcome()).isEqualTo(Answer.Outcome.NAME_ERROR);
    }

    @Test
    void hostNamesGiveOneCnameOnlyWhenNoInstanceHasAnIp() {
        Answer onlyHosts = lookup(false, 0).answer(question("web.service.consul.", Type.A), WEB, List.of(
                entry("a", "10.0.0.1", "db.example.com", 80), entry("b", "10.0.0.2", "db2.example.com", 80)));
        assertThat(onlyHosts.answers()).hasSize(1);
        assertThat(onlyHosts.answers().get(0)).isInstanceOf(CNAMERecord.class);
        assertThat(((CNAMERecord) onlyHosts.answers().get(0)).getTarget().toString()).endsWith("example.com.");
        Answer mixed = lookup(false, 0).answer(question("web.service.consul.", Type.A), WEB, List.of(
                entry("a", "10.0.0.1", "db.example.com", 80), entry("b", "10.0.0.2", "", 80)));
        assertThat(addresses(mixed)).containsExactly("10.0.0.2");
    }

    @Test
    void aQuestionForAnIpv6OnlyServiceIsNoData() {
        Answer a = lookup(false, 0).answer(question("web.service.consul.", Type.A), WEB,
                List.of(entry("a", "2001:db8::1", "", 80)));
        assertThat(a.outcome()).isEqualTo(Answer.Outcome.FOUND);
        assertThat(a.answers()).isEmpty();
        Answer aaaa = lookup(false, 0).answer(question("web.service.consul.", Type.AAAA), WEB,
                List.of(entry("a", "2001:db8::1", "", 80)));
        assertThat(aaaa.answers()).singleElement().extracting(r -> r.getType()).isEqualTo(Type.AAAA);
        assertThat(aaaa.answers().get(0).getName()).isEqualTo(Name.fromConstantString("web.service.consul."));
    }
}
