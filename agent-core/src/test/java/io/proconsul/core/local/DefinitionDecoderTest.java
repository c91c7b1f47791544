package io.proconsul.core.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.catalog.Weights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefinitionDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(String text) throws Exception {
        return JSON.readValue(text.replace('\'', '"'), Map.class);
    }

    @Test
    void apiBodyInCamelCase() throws Exception {
        ServiceDefinition s = DefinitionDecoder.serviceFromJson(json("""
                {'ID': 'redis1', 'Name': 'redis', 'Tags': ['primary', 'v1'], 'Address': '127.0.0.1', 'Port': 8000,
                 'Meta': {'redis_version': '4.0'}, 'EnableTagOverride': true,
                 'TaggedAddresses': {'lan': {'Address': '127.0.0.1', 'Port': 8000}},
                 'Weights': {'Passing': 10, 'Warning': 1},
                 'Check': {'DeregisterCriticalServiceAfter': '90m', 'Args': ['/usr/local/bin/check_redis.py'],
                           'Interval': '10s', 'Timeout': '5s'},
                 'Checks': [{'Name': 'ttl', 'TTL': '15s'}, {'HTTP': 'http://localhost:5000/health',
                            'Interval': '1m30s', 'TLSSkipVerify': true, 'Header': {'X-A': ['b', 'c']}}],
                 'Connect': null, 'SomethingNew': 1}
                """));
        assertThat(s.id()).isEqualTo("redis1");
        assertThat(s.name()).isEqualTo("redis");
        assertThat(s.tags()).containsExactly("primary", "v1");
        assertThat(s.port()).isEqualTo(8000);
        assertThat(s.meta()).containsEntry("redis_version", "4.0");
        assertThat(s.enableTagOverride()).isTrue();
        assertThat(s.taggedAddresses()).containsEntry("lan", new ServiceAddress("127.0.0.1", 8000));
        assertThat(s.weights()).isEqualTo(new Weights(10, 1));
        assertThat(s.checks()).hasSize(3).allSatisfy(c -> assertThat(c.serviceId()).isEqualTo("redis1"));
        CheckDefinition script = s.checks().get(0);
        assertThat(script.type()).isEqualTo("script");
        assertThat(script.args()).containsExactly("/usr/local/bin/check_redis.py");
        assertThat(script.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(90));
        assertThat(script.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.checks().get(1).ttl()).isEqualTo(Duration.ofSeconds(15));
        CheckDefinition http = s.checks().get(2);
        assertThat(http.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(http.tlsSkipVerify()).isTrue();
        assertThat(http.header()).containsEntry("X-A", List.of("b", "c"));
    }

    @Test
    void configFileInSnakeCaseAndAliases() throws Exception {
        List<String> warnings = new ArrayList<>();
        ServiceDefinition s = DefinitionDecoder.service(tree("""
                {'name': 'web', 'enable_tag_override': true, 'token': 'x',
                 'checks': [{'id': 'c1', 'script_args': ['/bin/true'], 'interval': '10s',
                             'deregister_critical_service_after': '1m', 'success_before_passing': 2,
                             'failures_before_critical': 3, 'tls_skip_verify': false},
                            {'CheckID': 'c2', 'ScriptArgs': ['/bin/false'], 'interval': '5s', 'status': 'passing'}]}
                """), "service", DefinitionDecoder.Mode.CONFIG, warnings);
        assertThat(s.effectiveId()).isEqualTo("web");
        assertThat(s.enableTagOverride()).isTrue();
        assertThat(s.weights()).isEqualTo(Weights.DEFAULT);
        CheckDefinition c1 = s.checks().get(0);
        assertThat(c1.id()).isEqualTo("c1");
        assertThat(c1.serviceId()).isEqualTo("web");
        assertThat(c1.args()).containsExactly("/bin/true");
        assertThat(c1.deregisterCriticalServiceAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c1.successBeforePassing()).isEqualTo(2);
        assertThat(c1.failuresBeforeCritical()).isEqualTo(3);
        assertThat(s.checks().get(1).id()).isEqualTo("c2");
        assertThat(s.checks().get(1).status()).isEqualTo("passing");
        assertThat(warnings).containsExactly(
                "config key \"service.token\" is not supported by Proconsul yet and is ignored");
    }

    @Test
    void nodeCheckNamesItsServiceWithAnySpelling() throws Exception {
        for (String key : List.of("service_id", "serviceid", "ServiceID")) {
            CheckDefinition c = DefinitionDecoder.check(tree("{'name': 'n', 'ttl': '30s', '" + key + "': 'db'}"),
                    "check", DefinitionDecoder.Mode.CONFIG, new ArrayList<>(), "");
            assertThat(c.serviceId()).as(key).isEqualTo("db");
        }
    }

    @Test
    void canonicalKeyWinsOverItsAlias() throws Exception {
        CheckDefinition c = DefinitionDecoder.checkFromJson(
                json("{'ScriptArgs': ['/alias'], 'Args': ['/canonical'], 'Interval': '1s'}"));
        assertThat(c.args()).containsExactly("/canonical");
    }

    @Test
    void unknownKeyFailsInAConfigFileOnly() throws Exception {
        Map<String, Object> t = tree("{'name': 'web', 'colour': 'red'}");
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> DefinitionDecoder.service(t, "services[0]", DefinitionDecoder.Mode.CONFIG, new ArrayList<>()));
        assertThat(e.getMessage()).isEqualTo("invalid config key services[0].colour");
        assertThat(DefinitionDecoder.service(t, "", DefinitionDecoder.Mode.API, new ArrayList<>()).name())
                .isEqualTo("web");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {'Name': 'a'}                                              | | TTL must be > 0 for TTL checks
            {'Name': 'a', 'TTL': '0s'}                                 | | TTL must be > 0 for TTL checks
            {'HTTP': 'http://x'}                                       | | Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks
            {'TTL': '10s', 'Interval': '10s'}                          | | Interval and TTL cannot both be specified
            {'TCP': 'a:1', 'HTTP': 'http://x', 'Interval': '1s'}       | | only one of args, http, tcp, grpc or ttl may be set
            {'Args': ['/x'], 'TTL': '1s'}                              | | only one of args, http, tcp, grpc or ttl may be set
            {'TTL': '10x'}                                             | TTL | invalid duration: "10x": time: unknown unit "x" in duration "10x"
            {'TTL': '1s', 'Status': 'ok'}                              | Status | Status for checks must 'passing', 'warning', 'critical'
            {'TTL': true}                                              | TTL | expected type 'duration', got unconvertible type 'bool', value: 'true'
            {'Args': '/bin/true', 'Interval': '1s'}                    | Args | source data must be an array or slice, got string
            {'TTL': '1s', 'SuccessBeforePassing': 'many'}              | SuccessBeforePassing | expected type 'int', got unconvertible type 'string', value: 'many'
            {'DockerContainerID': 'f00', 'Args': ['/x'], 'Interval': '1s'} | DockerContainerID | this check type is not supported by Proconsul; use args, http, tcp, grpc or ttl
            """)
    void invalidChecksAreRefusedWithConsulsText(String body, String key, String reason) {
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> DefinitionDecoder.checkFromJson(json(body)));
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.key()).isEqualTo(key == null ? "" : key);
    }

    @Test
    void errorsInsideAServiceNameTheNestedKey() throws Exception {
        DefinitionException e = assertThrows(DefinitionException.class, () -> DefinitionDecoder.service(
                tree("{'name': 'w', 'checks': [{'ttl': '1s'}, {'http': 'http://x', 'interval': 'soon'}]}"),
                "services[2]", DefinitionDecoder.Mode.CONFIG, new ArrayList<>()));
        assertThat(e.getMessage()).isEqualTo("services[2].checks[1].interval: invalid duration: \"soon\": "
                + "time: invalid duration \"soon\"");
    }

    @Test
    void removedScriptFieldPointsToArgs() throws Exception {
        DefinitionException e = assertThrows(DefinitionException.class, () -> DefinitionDecoder.checkFromJson(
                json("{'script': '/data/consul/shell/check_mysql_slave.sh 3333', 'interval': '15s'}")));
        assertThat(e.key()).isEqualTo("script");
        assertThat(e.reason()).contains("use args");
    }

    @Test
    void serviceWithoutNameIsRefused() throws Exception {
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> DefinitionDecoder.serviceFromJson(json("{'ID': 'x', 'Port': 1}")));
        assertThat(e.reason()).isEqualTo("Missing service name");
    }

    @Test
    void singleBlockAndListOfOneAreTheSame() throws Exception {
        ServiceDefinition a = DefinitionDecoder.service(tree("{'name': 's', 'checks': {'ttl': '1s'}}"), "service",
                DefinitionDecoder.Mode.CONFIG, new ArrayList<>());
        ServiceDefinition b = DefinitionDecoder.service(tree("{'name': ['s'], 'check': [{'ttl': '1s'}]}"),
                "service", DefinitionDecoder.Mode.CONFIG, new ArrayList<>());
        assertThat(a).isEqualTo(b);
        assertThat(a.checks()).singleElement().extracting(CheckDefinition::ttl).isEqualTo(Duration.ofSeconds(1));
    }

    /** Clients that serialise every field (Consul's own api with a zero Check, many others) send empties. */
    @Test
    void emptyCheckAndEmptyDurationsAreAbsent() throws Exception {
        ServiceDefinition s = DefinitionDecoder.serviceFromJson(json("""
                {'Name': 'web', 'Check': {'CheckID': '', 'Interval': '', 'TTL': '', 'Args': [], 'Header': {},
                 'TLSSkipVerify': false, 'SuccessBeforePassing': 0},
                 'Checks': [{'TTL': '10s', 'Interval': '', 'DeregisterCriticalServiceAfter': '',
                             'DockerContainerID': '', 'Shell': '', 'AliasService': null, 'Script': ''}]}
                """));
        assertThat(s.checks()).singleElement().satisfies(c -> {
            assertThat(c.ttl()).isEqualTo(Duration.ofSeconds(10));
            assertThat(c.interval()).isNull();
            assertThat(c.deregisterCriticalServiceAfter()).isNull();
        });
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> DefinitionDecoder.serviceFromJson(json("{'Name': 'web', 'Checks': [{}]}")));
        assertThat(e.getMessage()).as("only the single Check is skipped when empty, as Consul")
                .isEqualTo("Checks[0]: TTL must be > 0 for TTL checks");
    }

    @Test
    void bodyMustBeAnObject() throws Exception {
        assertThrows(DefinitionException.class, () -> DefinitionDecoder.serviceFromJson(json("[1]")));
    }
}
