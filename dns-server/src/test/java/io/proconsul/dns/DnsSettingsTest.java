package io.proconsul.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.config.AgentConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;

class DnsSettingsTest {

    static DnsSettings settings(Map<String, Duration> serviceTtl) {
        AgentConfig.Dns d = AgentConfig.Dns.DEFAULTS;
        AgentConfig.Dns dns = new AgentConfig.Dns(d.allowStale(), d.maxStale(), Duration.ofSeconds(5), serviceTtl,
                false, false, 3, 0, d.recursorTimeout(), false, true, 0);
        return new DnsSettings(Name.fromConstantString("consul."), Name.fromConstantString("example.com."), "dc1",
                dns, List.of());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"db, 30", "database, 20", "data, 20", "web, 10", "dbx, 20"})
    void serviceTtlExactThenLongestPrefix(String service, long expected) {
        DnsSettings s = settings(Map.of("db", Duration.ofSeconds(30), "d*", Duration.ofSeconds(20),
                "*", Duration.ofSeconds(10)));
        assertThat(s.serviceTtlSeconds(service)).isEqualTo(expected);
    }

    @Test
    void serviceTtlIsZeroWithoutMatch() {
        assertThat(settings(Map.of("db", Duration.ofSeconds(30))).serviceTtlSeconds("web")).isZero();
        assertThat(settings(Map.of()).nodeTtlSeconds()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "8.8.8.8,              8.8.8.8,     53",
        "127.0.0.121:5353,     127.0.0.121, 5353",
        "[::1]:5300,           ::1,         5300",
        "::1,                  ::1,         53",
        "[2001:db8::1],        2001:db8::1, 53",
    })
    void recursorAddressGetsPort53ByDefault(String text, String host, int port) throws Exception {
        InetSocketAddress a = DnsSettings.recursorAddress(text);
        assertThat(a.getAddress()).isEqualTo(java.net.InetAddress.getByName(host));
        assertThat(a.getPort()).isEqualTo(port);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dns.google", "1.2.3.4:0", "1.2.3.4:x", "[::1"})
    void recursorMustBeAnIpLiteral(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DnsSettings.recursorAddress(text));
        assertThat(e.getMessage()).startsWith("Invalid recursor address: ");
    }

    @Test
    void responseDomainFollowsTheQuestion() {
        DnsSettings s = settings(Map.of());
        assertThat(s.responseDomain(Name.fromConstantString("web.service.example.com.")))
                .isEqualTo(Name.fromConstantString("example.com."));
        assertThat(s.responseDomain(Name.fromConstantString("web.service.consul.")))
                .isEqualTo(Name.fromConstantString("consul."));
        assertThat(s.isAuthoritativeFor(Name.fromConstantString("x.EXAMPLE.com."))).isTrue();
        assertThat(s.isAuthoritativeFor(Name.fromConstantString("example.org."))).isFalse();
    }

    @Test
    void readsStaleUnlessAllowStaleIsOff() {
        DnsSettings s = settings(Map.of());
        assertThat(s.readOptions().consistency()).isEqualTo(io.proconsul.core.store.Consistency.STALE);
        assertThat(s.readOptions().maxStale()).isEqualTo(AgentConfig.Dns.DEFAULTS.maxStale());
        AgentConfig.Dns d = s.dns();
        DnsSettings strict = new DnsSettings(s.domain(), null, "dc1", new AgentConfig.Dns(false, d.maxStale(),
                d.nodeTtl(), d.serviceTtl(), false, false, 3, 0, d.recursorTimeout(), false, true, 0), List.of());
        assertThat(strict.readOptions().consistency()).isEqualTo(io.proconsul.core.store.Consistency.DEFAULT);
    }
}
