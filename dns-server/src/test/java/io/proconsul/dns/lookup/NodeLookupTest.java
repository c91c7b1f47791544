package io.proconsul.dns.lookup;

import static io.proconsul.dns.lookup.Entries.question;
import static io.proconsul.dns.lookup.Entries.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeServices;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class NodeLookupTest {

    private static Optional<NodeServices> node(String address, Map<String, String> meta) {
        return Optional.of(new NodeServices(new Node("", "foo", address, "dc1", Map.of(), meta, 1, 1), List.of()));
    }

    @Test
    void aGivesTheAddressWithNodeTtlAndMetaInAdditional() {
        Answer a = new NodeLookup(null, settings(false, 0, true))
                .answer(question("foo.node.consul.", Type.A), node("10.1.2.3", Map.of("rfc1035-raw", "v=1", "k", "v")));
        assertThat(a.answers()).singleElement().isInstanceOf(ARecord.class);
        assertThat(a.answers().get(0).getTTL()).isEqualTo(7);
        assertThat(a.additional()).extracting(r -> ((TXTRecord) r).getStrings().get(0)).containsExactly("k=v", "v=1");
        Answer noMeta = new NodeLookup(null, settings(false, 0, false))
                .answer(question("foo.node.consul.", Type.A), node("10.1.2.3", Map.of("k", "v")));
        assertThat(noMeta.additional()).isEmpty();
    }

    @Test
    void txtAndAnyPutTheMetaInTheAnswer() {
        NodeLookup lookup = new NodeLookup(null, settings(false, 0, false));
        Answer txt = lookup.answer(question("foo.node.consul.", Type.TXT), node("10.1.2.3", Map.of("k", "v")));
        assertThat(txt.answers()).singleElement().isInstanceOf(TXTRecord.class);
        Answer any = lookup.answer(question("foo.node.consul.", Type.ANY), node("10.1.2.3", Map.of("k", "v")));
        assertThat(any.answers()).hasSize(2);
    }

    @Test
    void hostNameAddressesAreCnamesAndOtherTypesAreNoData() {
        NodeLookup lookup = new NodeLookup(null, settings(false, 0, false));
        Answer a = lookup.answer(question("foo.node.consul.", Type.A), node("host.example.com", Map.of()));
        assertThat(((CNAMERecord) a.answers().get(0)).getTarget()).hasToString("host.example.com.");
        Answer mx = lookup.answer(question("foo.node.consul.", Type.MX), node("10.1.2.3", Map.of()));
        assertThat(mx.outcome()).isEqualTo(Answer.Outcome.FOUND);
        assertThat(mx.answers()).isEmpty();
        assertThat(lookup.answer(question("foo.node.consul.", Type.A), Optional.empty()).outcome())
                .isEqualTo(Answer.Outcome.NAME_ERROR);
    }

    @ParameterizedTest(name = "[{0}]=[{1}]")
    @CsvSource(quoteCharacter = '"', value = {
        "key,        value,     key=value",
        "\" lead\",  v,         ` lead=v",
        "\"trail \", v,         trail` =v",
        "a=b,        c,         a`=b=c",
        "a`b,        c`d,       a``b=c``d",
        "k,          a=b,       k=a=b",
    })
    void metaIsEncodedAsRfc1464(String key, String value, String expected) {
        assertThat(Records.rfc1464(key, value)).isEqualTo(expected);
    }
}
