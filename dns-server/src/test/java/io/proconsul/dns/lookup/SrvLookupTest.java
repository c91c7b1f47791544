package io.proconsul.dns.lookup;

import static io.proconsul.dns.lookup.Entries.entry;
import static io.proconsul.dns.lookup.Entries.question;
import static io.proconsul.dns.lookup.Entries.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthStatus;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class SrvLookupTest {

    private static final QueryName.Service WEB = new QueryName.Service("web", null, "");

    @Test
    void nodeAddressedInstancesPointAtTheCanonicalNodeNameWithGlueAndMeta() {
        SrvLookup lookup = new SrvLookup(null, settings(false, 0, true), new Random(1));
        Answer a = lookup.answer(question("_web._tcp.service.consul.", Type.SRV), WEB, List.of(
                entry("a", "10.0.0.1", Map.of("rack", "r1"), "", 8080, List.of(), HealthStatus.PASSING)));
        SRVRecord srv = (SRVRecord) a.answers().get(0);
        assertThat(srv.getTarget()).hasToString("a.node.dc1.consul.");
        assertThat(srv.getPort()).isEqualTo(8080);
        assertThat(srv.getPriority()).isEqualTo(1);
        assertThat(srv.getWeight()).isEqualTo(10);
        assertThat(srv.getTTL()).isEqualTo(30);
        assertThat(a.additional()).hasSize(2);
        ARecord glue = (ARecord) a.additional().get(0);
        assertThat(glue.getName()).isEqualTo(srv.getTarget());
        assertThat(glue.getAddress().getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(((TXTRecord) a.additional().get(1)).getStrings()).containsExactly("rack=r1");
    }

    @Test
    void serviceAddressesPointAtTheAddrFormAndWarningWeighsLess() {
        SrvLookup lookup = new SrvLookup(null, settings(false, 0, false), new Random(1));
        Answer a = lookup.answer(question("web.service.consul.", Type.SRV), WEB,
                List.of(entry("a", "10.0.0.1", "192.0.2.10", 9000, HealthStatus.WARNING)));
        SRVRecord srv = (SRVRecord) a.answers().get(0);
        assertThat(srv.getTarget()).hasToString("c000020a.addr.dc1.consul.");
        assertThat(srv.getWeight()).isEqualTo(2);
        assertThat(a.additional()).singleElement().satisfies(r -> {
            assertThat(r.getName()).isEqualTo(srv.getTarget());
            assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("192.0.2.10");
        });
    }

    @Test
    void hostNameTargetsHaveNoGlueAndAnARecordLimitDoesNotApply() {
        SrvLookup lookup = new SrvLookup(null, settings(false, 1, false), new Random(1));
        Answer a = lookup.answer(question("web.service.consul.", Type.SRV), WEB, List.of(
                entry("a", "10.0.0.1", "db.example.com", 5432), entry("b", "10.0.0.2", "", 5432),
                entry("b", "10.0.0.2", "", 5432)));
        assertThat(a.answers()).hasSize(2);
        assertThat(a.answers()).extracting(r -> ((SRVRecord) r).getTarget().toString())
                .containsExactlyInAnyOrder("db.example.com.", "b.node.dc1.consul.");
        assertThat(a.additional()).hasSize(1);
    }
}
