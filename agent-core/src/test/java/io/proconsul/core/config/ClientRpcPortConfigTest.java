package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ports.client_rpc} (ours): unset is the server port + 3 (8303 with Consul's 8300) and may fall
 * back to a free port; set in JSON, HCL or by flag it is that port exactly, 0 a free port, negative off.
 */
class ClientRpcPortConfigTest {

    @TempDir
    Path tmp;

    private AgentConfig load(String name, String content, FlagSource flags) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return ConfigLoaderTest.loader().configPaths(List.of(f.toString())).flags(flags).load().config();
    }

    @Test
    void unsetIsTheServerPortPlusThree() throws Exception {
        AgentConfig.Ports p = load("a.hcl", "data_dir = \"/d\"\nports { server = 9300 }", new FlagSource()).ports();
        assertThat(p.clientRpcExplicit()).isFalse();
        assertThat(p.clientRpcPort(9300)).isEqualTo(9303);
        assertThat(AgentConfig.Ports.DEFAULTS.clientRpcPort(AgentConfig.Ports.DEFAULTS.server())).isEqualTo(8303);
        assertThat(new AgentConfig.Ports(8600, 8500, -1, -1, 8301, 8302, 8300))
                .as("the older constructor keeps the default").isEqualTo(AgentConfig.Ports.DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource({
        "a.hcl, 'data_dir = \"/d\"\nports { client_rpc = 9999 }', 9999",
        "a.json, '{\"data_dir\": \"/d\", \"ports\": {\"client_rpc\": 9999}}', 9999",
        "a.hcl, 'data_dir = \"/d\"\nports { client_rpc = 0 }', 0",
        "a.hcl, 'data_dir = \"/d\"\nports { client_rpc = -1 }', -1",
    })
    void aConfiguredPortIsTakenAsIs(String name, String content, int expected) throws Exception {
        AgentConfig.Ports p = load(name, content, new FlagSource()).ports();
        assertThat(p.clientRpcExplicit()).isTrue();
        assertThat(p.clientRpcPort(8300)).isEqualTo(expected);
    }

    @Test
    void theFlagOverridesTheFile() throws Exception {
        AgentConfig.Ports p = load("a.hcl", "data_dir = \"/d\"\nports { client_rpc = 9999 }",
                new FlagSource().set("ports.client_rpc", 7777)).ports();
        assertThat(p.clientRpcPort(8300)).isEqualTo(7777);
    }

    @Test
    void aPortAbove65535IsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("a.hcl", "data_dir = \"/d\"\nports { client_rpc = 70000 }", new FlagSource()));
        assertThat(e.getMessage()).contains("ports.client_rpc: invalid port: 70000");
    }
}
