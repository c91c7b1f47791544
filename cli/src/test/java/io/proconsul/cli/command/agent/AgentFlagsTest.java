package io.proconsul.cli.command.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.config.ConfigException;
import io.proconsul.core.config.LoadedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class AgentFlagsTest {

    @TempDir
    Path tmp;

    /** A stand-in for AgentCommand: the mixin is all it needs here. */
    @Command(name = "agent")
    static final class Host {
        @Mixin
        AgentFlags flags;
    }

    static AgentFlags parse(String... args) {
        Host host = new Host();
        new CommandLine(host).parseArgs(args);
        return host.flags;
    }

    @Test
    void everyFlagSetsItsConfigKey() throws ConfigException {
        AgentConfig c = parse("-server", "-bootstrap-expect=3", "-data-dir", tmp.toString(), "-bind=10.0.0.1",
                "-client", "127.0.0.1 10.0.0.1", "-advertise=10.0.0.2", "-node=n1",
                "-node-id=ADF4238A-882B-9DDC-4A9D-5B6758E4159E", "-datacenter=East", "-http-port=8501",
                "-dns-port=8601", "-server-port=8310", "-serf-lan-port=8311", "-serf-wan-port=8312",
                "-grpc-port=8502", "-log-level=debug", "-log-file=/tmp/l/", "-ui", "-domain=example",
                "-join=10.0.0.5", "-retry-join=10.0.0.6", "-retry-join", "10.0.0.7", "-retry-interval=5s",
                "-retry-max=4", "-rejoin", "-node-meta=rack:r1", "-node-meta", "zone:z:1").load().config();
        assertThat(c.server()).isTrue();
        assertThat(c.bootstrapExpect()).isEqualTo(3);
        assertThat(c.dataDir()).isEqualTo(tmp.toString());
        assertThat(c.bindAddr()).isEqualTo("10.0.0.1");
        assertThat(c.clientAddrs()).containsExactly("127.0.0.1", "10.0.0.1");
        assertThat(c.advertiseAddr()).isEqualTo("10.0.0.2");
        assertThat(c.nodeName()).isEqualTo("n1");
        assertThat(c.nodeId()).isEqualTo("adf4238a-882b-9ddc-4a9d-5b6758e4159e");
        assertThat(c.datacenter()).isEqualTo("east");
        assertThat(c.ports()).isEqualTo(new AgentConfig.Ports(8601, 8501, -1, 8502, 8311, 8312, 8310));
        assertThat(c.logLevel()).isEqualTo("DEBUG");
        assertThat(c.logFile()).isEqualTo("/tmp/l/");
        assertThat(c.uiEnabled()).isTrue();
        assertThat(c.domain()).isEqualTo("example.");
        assertThat(c.startJoin()).containsExactly("10.0.0.5");
        assertThat(c.retryJoin()).containsExactly("10.0.0.6", "10.0.0.7");
        assertThat(c.retryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retryMax()).isEqualTo(4);
        assertThat(c.rejoinAfterLeave()).isTrue();
        assertThat(c.nodeMeta()).isEqualTo(Map.of("rack", "r1", "zone", "z:1"));
    }

    @Test
    void devNeedsNothingElse() throws ConfigException {
        AgentConfig c = parse("-dev").load().config();
        assertThat(c.devMode()).isTrue();
        assertThat(c.server()).isTrue();
        assertThat(c.bootstrap()).isTrue();
        assertThat(c.bindAddr()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--server", "-server=true", "--server=true"})
    void doubleDashAndExplicitValuesWork(String flag) throws ConfigException {
        assertThat(parse(flag, "-dev").load().config().server()).isTrue();
    }

    @Test
    void aBooleanFlagCanTurnAFileSettingOff() throws IOException, ConfigException {
        Path f = write("a.hcl", "data_dir = \"/d\"\nbind_addr = \"127.0.0.1\"\nui_config { enabled = true }");
        assertThat(parse("-config-file=" + f, "-ui=false").load().config().uiEnabled()).isFalse();
    }

    @Test
    void configFilesAndDirsLoadInCommandLineOrderAndFlagsWin() throws IOException, ConfigException {
        write("dir/a.hcl", "node_name = \"from-dir\"\nretry_join = [\"dir\"]");
        Path file = write("file.json", "{\"node_name\": \"from-file\", \"data_dir\": \"/d\","
                + " \"bind_addr\": \"127.0.0.1\", \"retry_join\": [\"file\"], \"log_level\": \"warn\"}");
        AgentFlags first = parse("-config-dir", tmp.resolve("dir").toString(), "-config-file", file.toString(),
                "-retry-join=flag", "-log-level=err");
        assertThat(first.configPaths()).containsExactly(tmp.resolve("dir").toString(), file.toString());
        AgentConfig c = first.load().config();
        assertThat(c.nodeName()).isEqualTo("from-file");
        assertThat(c.retryJoin()).containsExactly("flag", "dir", "file");
        assertThat(c.logLevel()).isEqualTo("ERROR");
        AgentConfig reversed = parse("-config-file=" + file, "--config-dir=" + tmp.resolve("dir")).load().config();
        assertThat(reversed.nodeName()).isEqualTo("from-dir");
    }

    @Test
    void deprecatedDcStillWorksWithConsulsWarning() throws ConfigException {
        LoadedConfig loaded = parse("-dev", "-dc=dc9").load();
        assertThat(loaded.config().datacenter()).isEqualTo("dc9");
        assertThat(loaded.warnings()).containsExactly("'-dc' is deprecated. Use '-datacenter' instead");
        LoadedConfig both = parse("-dev", "-dc=dc9", "-datacenter=dc2").load();
        assertThat(both.config().datacenter()).isEqualTo("dc2");
        assertThat(both.warnings()).isEmpty();
    }

    @Test
    void badFlagValuesAreNamedAsFlags() {
        assertThatThrownBy(() -> parse("-dev", "-http-port=70000").load())
                .isInstanceOf(ConfigException.class).hasMessage("flags: ports.http: invalid port: 70000");
        assertThatThrownBy(() -> parse("-dev", "-retry-interval=5").load())
                .hasMessage("flags: retry_interval: invalid duration: \"5\": time: missing unit in duration \"5\"");
        assertThatThrownBy(() -> parse("-data-dir=/d", "-bind=127.0.0.1", "-bootstrap").load())
                .hasMessage("flags: 'bootstrap = true' requires 'server = true'");
        assertThatThrownBy(() -> parse("-config-format=yaml").load())
                .hasMessage("config: -config-format must be either 'hcl' or 'json'");
    }

    @Test
    void consulFlagsWeDoNotSupportAreAcceptedWithAWarning() throws ConfigException {
        LoadedConfig loaded = parse("-dev", "-encrypt=abc", "-pid-file", "/run/a.pid", "-pid-file=/run/b.pid",
                "-syslog", "--log-json=false", "-disable-host-node-id", "true", "-https-port=8443").load();
        assertThat(loaded.config().ports().https()).isEqualTo(8443);
        assertThat(loaded.warnings()).containsExactlyInAnyOrder(
                "flag -encrypt is not supported by Proconsul yet and is ignored",
                "flag -pid-file is not supported by Proconsul yet and is ignored",
                "flag -syslog is not supported by Proconsul yet and is ignored",
                "flag -log-json is not supported by Proconsul yet and is ignored",
                "flag -disable-host-node-id is not supported by Proconsul yet and is ignored");
        assertThatThrownBy(() -> parse("-encrypt")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("Missing required parameter for option '--encrypt' (<encrypt>)");
    }

    @Test
    void discoveryFlags() throws ConfigException {
        LoadedConfig loaded = parse("-dev", "-recursor", "8.8.8.8", "-recursor=1.1.1.1", "-alt-domain=alt.example",
                "-enable-script-checks", "-enable-local-script-checks=true", "-check_output_max_size=100").load();
        AgentConfig.Discovery d = loaded.config().discovery();
        assertThat(d.recursors()).containsExactly("8.8.8.8", "1.1.1.1");
        assertThat(d.altDomain()).isEqualTo("alt.example.");
        assertThat(d.enableScriptChecks()).isTrue();
        assertThat(d.enableLocalScriptChecks()).isTrue();
        assertThat(d.checkOutputMaxSize()).isEqualTo(100);
        assertThat(loaded.warnings()).noneMatch(w -> w.startsWith("flag "));
        assertThatThrownBy(() -> parse("-dev", "-recursor=0.0.0.0").load())
                .hasMessage("flags: DNS recursor address cannot be 0.0.0.0, :: or [::]");
        assertThatThrownBy(() -> parse("-dev", "-alt-domain=node.x").load())
                .hasMessage("flags: alt_domain cannot start with {service,connect,node,query,addr,dc1}");
    }

    /** Seed 003's supervisor command line, with the sample consulha.hcl in its -config-dir. */
    @Test
    void seed003CommandLineWithTheHaSample() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("config"));
        Files.copy(Path.of("..", "config-samples", "ha", "consulha.hcl"), dir.resolve("consulha.hcl"));
        AgentConfig c = parse("-server", "-http-port=8500", "-data-dir=" + tmp.resolve("data"), "-node=192e168e1e1",
                "-bind=192.168.1.1", "-bootstrap-expect=3", "-client=0.0.0.0", "-datacenter=xiaopalu", "-ui",
                "-config-dir=" + dir).load().config();
        assertThat(c.server()).isTrue();
        assertThat(c.bootstrapExpect()).isEqualTo(3);
        assertThat(c.nodeName()).isEqualTo("192e168e1e1");
        assertThat(c.datacenter()).isEqualTo("xiaopalu");
        assertThat(c.dataDir()).as("the flag wins over the file").isEqualTo(tmp.resolve("data").toString());
        assertThat(c.retryJoin()).containsExactly("192.168.1.1", "192.168.1.2", "192.168.1.3");
        assertThat(c.uiEnabled()).isTrue();
    }

    @Test
    void hclFragmentsComeLast() throws ConfigException {
        AgentConfig c = parse("-dev", "-node=flag", "-hcl", "node_name = \"hcl\" ports { http = 9500 }",
                "-hcl=ports { dns = 9600 }").load().config();
        assertThat(c.nodeName()).isEqualTo("hcl");
        assertThat(c.ports().http()).isEqualTo(9500);
        assertThat(c.ports().dns()).isEqualTo(9600);
        assertThatThrownBy(() -> parse("-dev", "-hcl=ports { http = 0x1ffff }").load())
                .hasMessage("flags-0.hcl: ports.http: invalid port: 131071");
    }

    @Test
    void parseErrorsAreUsageErrors() {
        assertThatThrownBy(() -> parse("-config-file")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("Missing required parameter for option '--config-file' (<path>)");
        assertThatThrownBy(() -> parse("-http-port=abc")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("-http-port");
    }

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }
}
