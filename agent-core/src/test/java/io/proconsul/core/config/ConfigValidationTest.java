package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigValidationTest {

    @TempDir
    Path tmp;

    private String load(String fileName, String content) throws IOException {
        Path f = tmp.resolve(fileName);
        Files.writeString(f, content);
        return f.toString();
    }

    /** Each row: an HCL body (after a valid data_dir line) and the message after "<file>: ". */
    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '~', value = {
        "ports { http = 70000 } => ports.http: invalid port: 70000",
        "ports { server = 0 } => server-port must be greater than zero",
        "ports { serf_lan = -1 } => serf-lan-port must be greater than zero",
        "retry_interval = \"soon\" => retry_interval: invalid duration: \"soon\": time: invalid duration \"soon\"",
        "raft_snapshot_interval = \"30\" => raft_snapshot_interval: invalid duration: \"30\": "
                + "time: missing unit in duration \"30\"",
        "session_ttl_min = \"5\" => session_ttl_min: invalid duration: \"5\": time: missing unit in duration \"5\"",
        "session_ttl_min = \"-1s\" => session_ttl_min: must not be negative: \"-1s\"",
        "server = true\\nbootstrap = true\\nbootstrap_expect = 3 => "
                + "'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive",
        "bootstrap = true => 'bootstrap = true' requires 'server = true'",
        "bootstrap_expect = 3 => 'bootstrap_expect > 0' requires 'server = true'",
        "server = true\\nbootstrap_expect = -1 => bootstrap_expect cannot be -1. Must be greater than or equal to zero",
        "node_id = \"not-a-uuid\" => node_id: uuid string is wrong length",
        "node_id = \"zzzzzzzz-882b-9ddc-4a9d-5b6758e4159e\" => node_id: uuid is improperly formatted",
        "datacenter = \"dc 1\" => datacenter can only contain lowercase alphanumeric, - or _ characters. "
                + "received: \"dc 1\"",
        "primary_datacenter = \"a.b\" => primary_datacenter can only contain lowercase alphanumeric, - or _ "
                + "characters. received: \"a.b\"",
        "log_level = \"loud\" => Invalid log level: loud. Valid log levels are: [TRACE DEBUG INFO WARN ERR ERROR]",
        "limits { kv_max_value_size = 0 } => limits.kv_max_value_size cannot be 0. Must be greater than zero",
        "limits { txn_max_req_len = -5 } => limits.txn_max_req_len cannot be -5. Must be greater than zero",
        "performance { raft_multiplier = 11 } => performance.raft_multiplier cannot be 11. Must be between 1 and 10",
        "bind_addr = \"10.0.0.1 10.0.0.2\" => bind_addr cannot contain multiple addresses. "
                + "Use 'addresses.{dns,http,https}' instead.",
        "bind_addr = \"myhost\" => bind_addr: invalid ip address: myhost",
        "client_addr = \"{{ GetPrivateIP }}\" => client_addr: go-sockaddr templates are not supported by "
                + "Proconsul yet: {{ GetPrivateIP }}",
        "client_addr = \"127.0.0.1 300.1.1.1\" => client_addr: invalid ip address: 300.1.1.1",
        "advertise_addr = \"0.0.0.0\" => Advertise address cannot be 0.0.0.0, :: or [::]",
        "addresses { http = \"unix:///tmp/s\" } => addresses.http: unix sockets are not supported by Proconsul "
                + "yet: unix:///tmp/s",
        "ports { http = 8600 } => HTTP address 127.0.0.1:8600 already configured for DNS",
        "node_meta { consul-rack = \"a\" } => node_meta invalid: Couldn't load metadata pair ('consul-rack', 'a'): "
                + "Key prefix 'consul-' is reserved for internal use",
        "node_meta { \"bad key\" = \"a\" } => node_meta invalid: Couldn't load metadata pair ('bad key', 'a'): "
                + "Key contains invalid characters",
        "ports { http = \"8500\" } => ports.http: expected type 'int', got unconvertible type 'string', value: '8500'",
        "server = \"yes\" => server: expected type 'bool', got unconvertible type 'string', value: 'yes'",
        "retry_join = \"10.0.0.1\" => retry_join: source data must be an array or slice, got string",
        "ports = 8500 => ports: expected a map, got 'int'",
        "autopilot { max_trailing_logs = -1 } => autopilot.max_trailing_logs cannot be -1. Must be greater than "
                + "or equal to zero",
        "autopilot { min_quorum = -2 } => autopilot.min_quorum: cannot parse 'min_quorum', -2 overflows uint",
        "autopilot { last_contact_threshold = \"2\" } => autopilot.last_contact_threshold: invalid duration: \"2\": "
                + "time: missing unit in duration \"2\"",
        "leave_on_terminate = \"no\" => leave_on_terminate: expected type 'bool', got unconvertible type 'string', "
                + "value: 'no'",
        "bootstrap_expect = 1.5 => bootstrap_expect: expected type 'int', got unconvertible type 'float64', "
                + "value: '1.5'",
    })
    void invalidValuesNameTheFileAndTheKey(String body, String message) throws IOException {
        String file = load("bad.hcl", "data_dir = \"" + tmp.resolve("data") + "\"\n" + body.replace("\\n", "\n"));
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configPaths(List.of(file)).load())
                .isInstanceOf(ConfigException.class).hasMessage(file + ": " + message);
    }

    @Test
    void aLaterFileCanFixAnEarlierBadValue() throws Exception {
        String bad = load("a.hcl", "data_dir = \"/d\"\nretry_interval = \"soon\"");
        String good = load("b.hcl", "retry_interval = \"10s\"");
        assertThat(ConfigLoaderTest.loader().configPaths(List.of(bad, good)).load().config().retryInterval())
                .hasSeconds(10);
    }

    @Test
    void aClashBetweenKeysNamesTheFileThatSetTheLatestOne() throws IOException {
        String a = load("a.json", "{\"data_dir\": \"/d\", \"server\": true, \"bootstrap\": true}");
        String b = load("b.json", "{\"bootstrap_expect\": 3}");
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configPaths(List.of(a, b)).load())
                .hasMessage(b + ": 'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive");
    }

    @Test
    void missingDataDirIsConsulsError() throws IOException {
        String f = load("a.hcl", "server = true");
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configPaths(List.of(f)).load())
                .hasMessage("data_dir cannot be empty");
    }

    @Test
    void dataDirThatIsAFileIsRejected() throws IOException {
        String notDir = load("plain", "x");
        String f = load("a.hcl", "data_dir = \"" + notDir + "\"");
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configPaths(List.of(f)).load())
                .hasMessage(f + ": data_dir \"" + notDir + "\" is not a directory");
    }

    @Test
    void bootstrapExpectIsNotAllowedInDevMode() {
        FlagSource flags = new FlagSource().set("bootstrap_expect", 3);
        assertThatThrownBy(() -> ConfigLoaderTest.loader().devMode(true).flags(flags).load())
                .hasMessage("flags: 'bootstrap_expect > 0' not allowed in dev mode");
    }

    @Test
    void unknownKeysFailAsInConsulNestedOnesWithTheirPath() throws IOException {
        String f = load("a.hcl", "data_dir = \"/d\"\nfoo = 1\nports { htp = 1 }");
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configPaths(List.of(f)).load())
                .hasMessage("failed to parse " + f + ": invalid config key foo, invalid config key ports.htp");
    }

    @Test
    void keysConsulKnowsButWeIgnoreAreWarningsNamingKeyAndFile() throws Exception {
        String f = load("a.hcl", """
                data_dir = "/d"
                connect { enabled = true }
                segments = [{ name = "alpha", port = 8303 }]
                performance { raft_multiplier = 1 leave_drain_time = "5s" }
                services = [{ name = "web" }]
                check { id = "c1" ttl = "10s" }
                acl { enabled = true default_policy = "deny" }
                encrypt = "abc"
                """);
        LoadedConfig loaded = ConfigLoaderTest.loader().configPaths(List.of(f)).load();
        assertThat(loaded.config().raft().raftMultiplier()).isEqualTo(1);
        assertThat(loaded.config().discovery().services()).as("read since issue 4").hasSize(1);
        assertThat(loaded.config().discovery().checks()).hasSize(1);
        assertThat(loaded.warnings()).containsExactly(
                f + ": config key \"connect\" is not supported by Proconsul yet and is ignored",
                f + ": config key \"segments\" is not supported by Proconsul yet and is ignored",
                f + ": config key \"performance.leave_drain_time\" is not supported by Proconsul yet and is ignored",
                f + ": config key \"acl\" is not supported by Proconsul yet and is ignored",
                f + ": config key \"encrypt\" is not supported by Proconsul yet and is ignored");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '~', value = {
        "a.json => { \"data_dir\": => failed to parse %s: Unexpected end-of-input",
        "a.hcl => data_dir = => failed to parse %s: At 1:11: expected: value got: end of file",
        "a.json => [1] => failed to parse %s: json: cannot unmarshal array into a config object",
    })
    void syntaxErrorsNameTheFile(String name, String content, String message) throws IOException {
        String f = load(name, content);
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configPaths(List.of(f)).load())
                .hasMessageStartingWith(message.formatted(f));
    }

    @Test
    void pathErrorsAreConsuls() throws IOException {
        String missing = tmp.resolve("nope.json").toString();
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configPaths(List.of(missing)).load())
                .hasMessage("config: Open failed on " + missing + ". open " + missing + ": no such file or directory");
        String txt = load("a.txt", "x");
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configPaths(List.of(txt)).load())
                .hasMessage("file " + txt + " has unknown extension; must be .hcl or .json, or config format must be set");
        assertThatThrownBy(() -> ConfigLoaderTest.loader().configFormat("yaml").load())
                .hasMessage("config: -config-format must be either 'hcl' or 'json'");
    }

    @Test
    void riskyButValidSettingsWarnAsConsulDoes() throws Exception {
        String f = load("a.hcl", "data_dir = \"/d\"\nserver = true\nbootstrap_expect = 4\nstart_join = [\"x\"]\n"
                + "node_name = \"under_score\"");
        assertThat(ConfigLoaderTest.loader().configPaths(List.of(f)).load().warnings()).containsExactly(
                "Node name \"under_score\" will not be discoverable via DNS due to invalid characters. "
                        + "Valid characters include all alpha-numerics and dashes.",
                "The 'start_join' field is deprecated. Use the 'retry_join' field instead.",
                "bootstrap_expect is even number: A cluster with an even number of servers does not achieve "
                        + "optimum fault tolerance. See https://www.consul.io/docs/internals/consensus.html#deployment-table",
                "bootstrap_expect > 0: expecting 4 servers");
    }

    @Test
    void anyBindAddressNeedsExactlyOnePrivateAddressToAdvertise() throws IOException {
        String f = load("a.hcl", "data_dir = \"/d\"");
        ConfigLoader none = ConfigLoaderTest.loader().interfaceAddresses(List::of).configPaths(List.of(f));
        assertThatThrownBy(none::load).hasMessage("No private IPv4 address found");
        ConfigLoader two = ConfigLoaderTest.loader().configPaths(List.of(f)).interfaceAddresses(
                () -> List.of(ConfigLoaderTest.ip("10.0.0.1"), ConfigLoaderTest.ip("192.168.1.1")));
        assertThatThrownBy(two::load).hasMessage(
                "Multiple private IPv4 addresses found. Please configure one with 'bind' and/or 'advertise'.");
    }
}
