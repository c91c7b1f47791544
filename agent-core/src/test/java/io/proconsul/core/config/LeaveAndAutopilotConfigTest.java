package io.proconsul.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.operator.AutopilotConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code leave_on_terminate}, {@code skip_leave_on_interrupt} and {@code autopilot {}} as Consul builds them. */
class LeaveAndAutopilotConfigTest {

    @TempDir
    Path tmp;

    private LoadedConfig load(String hcl) throws Exception {
        Path f = tmp.resolve("a.hcl");
        Files.writeString(f, "data_dir = \"" + tmp.resolve("data") + "\"\n" + hcl);
        return ConfigLoaderTest.loader().configPaths(List.of(f.toString())).load();
    }

    /** Consul's builder.go: by default a client leaves on either signal, a server on neither. */
    @ParameterizedTest
    @CsvSource({
        "'',                                              true,  false",
        "'server = true',                                 false, true",
        "'leave_on_terminate = false',                    false, false",
        "'server = true\nleave_on_terminate = true',      true,  true",
        "'skip_leave_on_interrupt = true',                true,  true",
        "'server = true\nskip_leave_on_interrupt = false', false, false",
    })
    void leaveDefaultsFollowTheRoleUnlessSet(String hcl, boolean onTerm, boolean skipOnInt) throws Exception {
        AgentConfig.Leave leave = load(hcl).config().leave();
        assertThat(leave).isEqualTo(new AgentConfig.Leave(onTerm, skipOnInt));
        assertThat(leave.leaveOn("terminated")).isEqualTo(onTerm);
        assertThat(leave.leaveOn("interrupt")).isEqualTo(!skipOnInt);
    }

    @Test
    void devModeIsAServerAndKeepsServerDefaults() throws Exception {
        AgentConfig c = ConfigLoaderTest.loader().devMode(true).load().config();
        assertThat(c.leave()).isEqualTo(new AgentConfig.Leave(false, true));
    }

    @Test
    void autopilotDefaultsAreConsuls() throws Exception {
        assertThat(load("").config().autopilot()).isEqualTo(AutopilotConfig.DEFAULTS);
    }

    @Test
    void autopilotBlockIsRead() throws Exception {
        LoadedConfig loaded = load("""
                autopilot {
                  cleanup_dead_servers = false
                  last_contact_threshold = "1s"
                  max_trailing_logs = 500
                  min_quorum = 3
                  server_stabilization_time = "15s"
                  redundancy_zone_tag = "zone"
                }
                """);
        assertThat(loaded.config().autopilot()).isEqualTo(
                new AutopilotConfig(false, Duration.ofSeconds(1), 500, 3, Duration.ofSeconds(15), 0, 0));
        assertThat(loaded.warnings()).containsExactly(tmp.resolve("a.hcl")
                + ": config key \"autopilot.redundancy_zone_tag\" is not supported by Proconsul yet and is ignored");
    }

    @Test
    void partOfTheBlockKeepsTheOtherDefaults() throws Exception {
        AutopilotConfig a = load("autopilot { min_quorum = 5 }").config().autopilot();
        assertThat(a).isEqualTo(new AutopilotConfig(true, Duration.ofMillis(200), 250, 5, Duration.ofSeconds(10), 0, 0));
    }

    @Test
    void compatibilityConstructorsUseTheDefaultsOfTheRole() throws Exception {
        AgentConfig c = load("").config();
        AgentConfig server = new AgentConfig(c.nodeName(), c.nodeId(), c.datacenter(), c.primaryDatacenter(),
                c.dataDir(), true, false, 0, false, c.bindAddr(), c.clientAddrs(), c.advertiseAddr(), c.addresses(),
                c.ports(), c.logLevel(), c.logFile(), false, c.limits(), c.domain(), c.startJoin(), c.retryJoin(),
                c.retryInterval(), c.retryMax(), false, c.nodeMeta(), c.raft());
        assertThat(server.leave()).isEqualTo(AgentConfig.Leave.defaults(true));
        assertThat(server.autopilot()).isEqualTo(AutopilotConfig.DEFAULTS);
        assertThat(server.withDataDir("/x").leave()).isEqualTo(server.leave());
    }
}
