package io.proconsul.dns.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class QueryNameTest {

    private static final Name CONSUL = Name.fromConstantString("consul.");

    private static QueryName parse(String name, int type) {
        return QueryName.parse(Name.fromConstantString(name), CONSUL, type);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "null", value = {
        "web.service.consul.,            A,   web, null,      ''",
        "web.service.dc1.consul.,        A,   web, null,      dc1",
        "web.service.DC1.dc.consul.,     A,   web, null,      dc1",
        "primary.web.service.consul.,    A,   web, primary,   ''",
        "v1.2.web.service.consul.,       A,   web, v1.2,      ''",
        "_web._tcp.service.consul.,      SRV, web, null,      ''",
        "_web._udp.service.consul.,      SRV, web, udp,       ''",
        "_web._primary.service.dc2.consul., SRV, web, primary, dc2",
        "_web._tcp.consul.,              SRV, web, null,      ''",
        "WEB.SERVICE.consul.,            A,   WEB, null,      ''",
    })
    void services(String name, String type, String service, String tag, String dc) {
        assertThat(parse(name, Type.value(type))).isEqualTo(new QueryName.Service(service, tag, dc));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "foo.node.consul.,             foo,     ''",
        "foo.node.dc1.consul.,         foo,     dc1",
        "foo.bar.node.dc1.dc.consul.,  foo.bar, dc1",
    })
    void nodes(String name, String node, String dc) {
        assertThat(parse(name, Type.A)).isEqualTo(new QueryName.Node(node, dc));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "7f000001.addr.dc1.consul.,                           7f000001",
        "c000022a.addr.consul.,                               c000022a",
        "20010db8000000000000000000000001.addr.dc1.consul.,   20010db8000000000000000000000001",
    })
    void addrs(String name, String hex) {
        QueryName parsed = parse(name, Type.A);
        assertThat(parsed).isInstanceOf(QueryName.Addr.class);
        assertThat(((QueryName.Addr) parsed).ip()).isEqualTo(HexFormat.of().parseHex(hex));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "consul.,                          A",
        "service.consul.,                  A",
        "node.consul.,                     A",
        "web.service.a.b.c.consul.,        A",
        "zz000001.addr.consul.,            A",
        "7f0001.addr.consul.,              A",
        "a.b.addr.consul.,                 A",
        "web.query.consul.,                A",
        "web.connect.consul.,              A",
        "_web._tcp.consul.,                A",
        "nothing.here.consul.,             A",
    })
    void invalid(String name, String type) {
        assertThat(parse(name, Type.value(type))).isInstanceOf(QueryName.Invalid.class);
    }
}
