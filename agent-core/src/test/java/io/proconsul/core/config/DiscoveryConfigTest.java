package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.local.CheckDefinition;
import io.proconsul.core.local.ServiceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The service-discovery keys: services, checks, script-check switches, dns_config, recursors, alt_domain. */
class DiscoveryConfigTest {

    @TempDir
    Path tmp;

    Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    LoadedConfig load(FlagSource flags, Path... files) throws ConfigException {
        List<String> paths = java.util.Arrays.stream(files).map(Path::toString).toList();
        return ConfigLoaderTest.loader().configPaths(paths).flags(flags).load();
    }

    LoadedConfig load(Path... files) throws ConfigException {
        return load(new FlagSource().set("data_dir", tmp.toString()), files);
    }

    @Test
    void defaultsAreConsuls() throws Exception {
        AgentConfig.Discovery d = load().config().discovery();
        assertThat(d).isEqualTo(AgentConfig.Discovery.DEFAULTS);
    }

    @Test
    void servicesOfEveryFileInJsonAsSeed002WritesThem() throws Exception {
        Path client = write("client.json", """
                {"data_dir": "/data/consul", "enable_script_checks": true, "retry_join": ["10.64.58.46"]}
                """);
        Path read = write("r-3333-mysql-test.json", """
                {"services": [{"name": "r-3333-mysql-test", "tags": ["slave-test-3333"], "address": "10.64.50.129",
                  "port": 3333, "checks": [{"args": ["/data/consul/shell/check_mysql_slave.sh", "3333"],
                  "interval": "15s"}]}]}
                """);
        Path write = write("w-3333-mysql-test.json", """
                {"service": {"name": "w-3333-mysql-test", "port": 3333,
                  "check": {"args": ["/data/consul/shell/check_mysql_master.sh", "3333"], "interval": "15s"}}}
                """);
        LoadedConfig loaded = load(new FlagSource(), client, read, write);
        AgentConfig.Discovery d = loaded.config().discovery();
        assertThat(d.enableScriptChecks()).isTrue();
        assertThat(loaded.warnings()).contains(DiscoverySettings.REMOTE_SCRIPT_WARNING);
        assertThat(d.services()).extracting(ServiceDefinition::name)
                .containsExactly("r-3333-mysql-test", "w-3333-mysql-test");
        CheckDefinition slave = d.services().get(0).checks().get(0);
        assertThat(slave.args()).containsExactly("/data/consul/shell/check_mysql_slave.sh", "3333");
        assertThat(slave.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(slave.serviceId()).isEqualTo("r-3333-mysql-test");
        assertThat(d.services().get(1).checks()).singleElement()
                .extracting(CheckDefinition::serviceId).isEqualTo("w-3333-mysql-test");
    }

    @Test
    void hclFormsPeopleWrite() throws Exception {
        Path f = write("services.hcl", """
                service { name = "web" port = 80 tags = ["a"] check { http = "http://localhost/h" interval = "10s" } }
                service {
                  name = "db"
                  checks = [
                    { args = ["/bin/check", "db"], interval = "30s" },
                    { ttl = "1m" }
                  ]
                }
                services = [{ name = "cache", weights = { passing = 3 } }]
                check { id = "mem" name = "Memory" args = ["/bin/mem"] interval = "1m" }
                checks { id = "disk" ttl = "30s" service_id = "db" }
                checks { id = "load" tcp = "localhost:22" interval = "10s" }
                enable_local_script_checks = true
                """);
        AgentConfig.Discovery d = load(f).config().discovery();
        assertThat(d.enableLocalScriptChecks()).isTrue();
        assertThat(d.services()).extracting(ServiceDefinition::name).containsExactly("web", "db", "cache");
        assertThat(d.services().get(0).checks()).singleElement().extracting(CheckDefinition::type).isEqualTo("http");
        assertThat(d.services().get(1).checks()).extracting(CheckDefinition::type).containsExactly("script", "ttl");
        assertThat(d.services().get(2).weights().passing()).isEqualTo(3);
        assertThat(d.checks()).extracting(CheckDefinition::id).containsExactly("mem", "disk", "load");
        assertThat(d.checks().get(1).serviceId()).isEqualTo("db");
    }

    /** The form of Consul's services-configuration-reference: one {@code services} block per service. */
    @Test
    void repeatedServicesBlocks() throws Exception {
        Path f = write("multi.hcl", """
                services {
                  id   = "red0"
                  name = "redis"
                  tags = ["primary"]
                  port = 6000
                  checks = [{ args = ["/bin/check_redis", "-p", "6000"], interval = "5s", timeout = "20s" }]
                }
                services {
                  id   = "red1"
                  name = "redis"
                  tags = ["delayed", "secondary"]
                  port = 7000
                  checks = [{ args = ["/bin/check_redis", "-p", "7000"], interval = "30s", timeout = "60s" }]
                }
                """);
        AgentConfig.Discovery d = load(f).config().discovery();
        assertThat(d.services()).extracting(ServiceDefinition::effectiveId).containsExactly("red0", "red1");
        assertThat(d.services().get(1).checks()).singleElement().satisfies(c -> {
            assertThat(c.serviceId()).isEqualTo("red1");
            assertThat(c.timeout()).isEqualTo(Duration.ofMinutes(1));
        });
        Path bad = write("bad.hcl", "services { name = \"a\" }\nservices { port = 1 }");
        ConfigException e = assertThrows(ConfigException.class, () -> load(bad));
        assertThat(e.getMessage()).isEqualTo(bad + ": services[1]: Missing service name");
    }

    @Test
    void dnsConfigAndRecursors() throws Exception {
        Path f = write("dns.hcl", """
                recursors = ["8.8.8.8", "[2001:db8::1]:5353"]
                alt_domain = "Example.Net"
                check_output_max_size = 8192
                dns_config {
                  allow_stale = false
                  max_stale = "10s"
                  node_ttl = "30s"
                  service_ttl = { "*" = "5s", "web" = "1m" }
                  only_passing = true
                  enable_truncate = true
                  udp_answer_limit = 5
                  a_record_limit = 2
                  recursor_timeout = "500ms"
                  disable_compression = true
                  enable_additional_node_meta_txt = false
                  soa { min_ttl = 60 }
                }
                """);
        AgentConfig.Discovery d = load(new FlagSource().set("data_dir", tmp.toString()).add("recursors", "1.1.1.1"), f)
                .config().discovery();
        assertThat(d.recursors()).as("flag lists merge before files").containsExactly("1.1.1.1", "8.8.8.8",
                "[2001:db8::1]:5353");
        assertThat(d.altDomain()).isEqualTo("example.net.");
        assertThat(d.checkOutputMaxSize()).isEqualTo(8192);
        assertThat(d.dns()).isEqualTo(new AgentConfig.Dns(false, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Map.of("*", Duration.ofSeconds(5), "web", Duration.ofMinutes(1)), true, true, 5, 2,
                Duration.ofMillis(500), true, false, 60));
    }

    @Test
    void flagsSetTheSwitches() throws Exception {
        FlagSource flags = new FlagSource().set("data_dir", tmp.toString()).set("enable_script_checks", true)
                .set("enable_local_script_checks", true).set("alt_domain", "alt");
        AgentConfig.Discovery d = load(flags).config().discovery();
        assertThat(d.enableScriptChecks()).isTrue();
        assertThat(d.enableLocalScriptChecks()).isTrue();
        assertThat(d.altDomain()).isEqualTo("alt.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a.json | {"service": {"port": 1}}                                   | a.json: service: Missing service name
            a.json | {"services": [{"name": "x", "checks": [{"interval": "1s"}]}]} | a.json: services[0].checks[0]: TTL must be > 0 for TTL checks
            a.json | {"service": {"name": "x", "colour": "red"}}                | a.json: invalid config key service.colour
            a.hcl  | service { name = "x" check { http = "http://h" } }         | a.hcl: service.check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks
            a.json | {"check": {"ttl": "5 s"}}                                  | a.json: check.ttl: invalid duration: "5 s": time: unknown unit " s" in duration "5 s"
            a.json | {"dns_config": {"udp_answer_limit": -1}}                   | a.json: dns_config.udp_answer_limit cannot be -1. Must be greater than or equal to zero
            a.json | {"dns_config": {"max_stale": "forever"}}                   | a.json: dns_config.max_stale: invalid duration: "forever": time: invalid duration "forever"
            a.json | {"dns_config": {"service_ttl": {"web": "x"}}}              | a.json: dns_config.service_ttl[web]: invalid duration: "x": time: invalid duration "x"
            a.json | {"dns_config": {"colour": 1}}                              | failed to parse a.json: invalid config key dns_config.colour
            a.json | {"recursors": ["0.0.0.0"]}                                 | a.json: DNS recursor address cannot be 0.0.0.0, :: or [::]
            a.json | {"recursors": ["dns.example"]}                             | a.json: recursors: invalid address "dns.example": expected an IP address with an optional port
            a.json | {"alt_domain": "service.alt"}                               | a.json: alt_domain cannot start with {service,connect,node,query,addr,dc1}
            a.json | {"alt_domain": "dc1.alt"}                                   | a.json: alt_domain cannot start with {service,connect,node,query,addr,dc1}
            a.json | {"check_output_max_size": 0}                               | a.json: check_output_max_size must be positive, to discard check output use the discard_check_output flag
            """)
    void errorsNameFileAndKey(String name, String content, String message) throws Exception {
        Path f = write(name, content);
        ConfigException e = assertThrows(ConfigException.class, () -> load(f));
        assertThat(e.getMessage()).isEqualTo(message.replace("a.json", f.toString()).replace("a.hcl", f.toString()));
    }

    @Test
    void ignoredDefinitionKeysWarnWithTheFile() throws Exception {
        Path f = write("a.json", "{\"service\": {\"name\": \"x\", \"token\": \"t\", \"connect\": {}}}");
        assertThat(load(f).warnings()).contains(
                f + ": config key \"service.token\" is not supported by Proconsul yet and is ignored",
                f + ": config key \"service.connect\" is not supported by Proconsul yet and is ignored");
    }
}
