package io.proconsul.dns.lookup;

import static io.proconsul.dns.lookup.Entries.question;
import static io.proconsul.dns.lookup.Entries.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.catalog.ServiceEntry;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

class AddressTranslationTest {

    @ParameterizedTest(name = "{0} {1} v4={2} v6={3} -> {4}")
    @CsvSource(nullValues = "null", value = {
        "A,    10.0.0.1,    '',         '',       10.0.0.1",
        "A,    2001:db8::1, '',         '',       ''",
        "A,    2001:db8::1, 10.0.0.9,   '',       10.0.0.9",
        "AAAA, 10.0.0.1,    '',         '',       ''",
        "AAAA, 10.0.0.1,    '',         2001:db8::9, 2001:db8::9",
        "AAAA, 10.0.0.1,    10.0.0.9,   '',       ''",
        "SRV,  10.0.0.1,    10.0.0.9,   2001:db8::9, 10.0.0.1",
        "A,    host.example.com, '',    '',       host.example.com",
        "A,    '',          '',         '',       ''",
    })
    void chosenAddressByQuestionType(String type, String address, String v4, String v6, String expected) {
        Map<String, String> tagged = new java.util.HashMap<>();
        if (!v4.isEmpty()) {
            tagged.put(AddressTranslation.LAN_IPV4, v4);
        }
        if (!v6.isEmpty()) {
            tagged.put(AddressTranslation.LAN_IPV6, v6);
        }
        assertThat(AddressTranslation.node(Type.value(type), address, tagged)).isEqualTo(expected);
    }

    @Test
    void lookupsUseTheTaggedAddressOfTheAskedFamily() {
        Node node = new Node("", "dual", "2001:db8::5", "dc1", Map.of("lan_ipv4", "10.0.0.5"), Map.of(), 1, 1);
        NodeService svc = new NodeService("", "web1", "web", List.of(), Map.of(), 80, "", Map.of(), null, false, 1, 1);
        ServiceEntry e = new ServiceEntry(node, svc, List.of());
        QueryName.Service web = new QueryName.Service("web", null, "");
        ServiceLookup services = new ServiceLookup(null, settings(false, 0, false), new Random(1));
        Answer a = services.answer(question("web.service.consul.", Type.A), web, List.of(e));
        assertThat(((ARecord) a.answers().get(0)).getAddress().getHostAddress()).isEqualTo("10.0.0.5");
        Answer aaaa = services.answer(question("web.service.consul.", Type.AAAA), web, List.of(e));
        assertThat(aaaa.answers().get(0)).isInstanceOf(AAAARecord.class);

        NodeLookup nodes = new NodeLookup(null, settings(false, 0, false));
        Answer nodeA = nodes.answer(question("dual.node.consul.", Type.A),
                java.util.Optional.of(new io.proconsul.core.catalog.NodeServices(node, List.of())));
        assertThat(((ARecord) nodeA.answers().get(0)).getAddress().getHostAddress()).isEqualTo("10.0.0.5");

        NodeService tagged = new NodeService("", "web2", "web", List.of(), Map.of(), 81, "2001:db8::7",
                Map.of("lan_ipv4", new ServiceAddress("10.0.0.7", 81)), null, false, 1, 1);
        Answer fromService = services.answer(question("web.service.consul.", Type.A), web,
                List.of(new ServiceEntry(node, tagged, List.of())));
        assertThat(((ARecord) fromService.answers().get(0)).getAddress().getHostAddress()).isEqualTo("10.0.0.7");
        SrvLookup srv = new SrvLookup(null, settings(false, 0, false), new Random(1));
        Answer srvAnswer = srv.answer(question("web.service.consul.", Type.SRV), web, List.of(e));
        assertThat(((SRVRecord) srvAnswer.answers().get(0)).getTarget()).hasToString("dual.node.dc1.consul.");
        assertThat(srvAnswer.additional().get(0)).isInstanceOf(AAAARecord.class);
    }
}
