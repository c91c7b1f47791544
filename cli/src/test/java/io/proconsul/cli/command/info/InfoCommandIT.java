package io.proconsul.cli.command.info;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.GossipAgent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code consul info} against a real server agent: Consul's sections, sorted, with tab-indented keys. */
class InfoCommandIT {

    @Test
    void sectionsAndKeysAsConsulPrintsThem(@TempDir Path dir) throws Exception {
        try (GossipAgent agent = GossipAgent.start(dir, "srv1")) {
            CliRun run = CliRun.run("info", agent.httpAddrFlag());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            List<String> sections = new ArrayList<>();
            List<String> lines = run.out().lines().toList();
            for (String line : lines) {
                if (!line.startsWith("\t")) {
                    sections.add(line);
                } else {
                    assertThat(line).matches("\t[a-z_]+ = .*");
                }
            }
            assertThat(sections).containsExactly("agent:", "build:", "consul:", "raft:", "runtime:", "serf_lan:",
                    "serf_wan:");
            assertThat(run.out()).contains("consul:\n\tacl = disabled\n").contains("\tleader = true\n")
                    .contains("\tserver = true\n").contains("serf_lan:\n\tcoordinate_resets = 0\n")
                    .contains("\tmembers = 1\n");
            int serfLan = lines.indexOf("serf_lan:");
            List<String> keys = lines.subList(serfLan + 1, lines.indexOf("serf_wan:"));
            assertThat(keys).isSorted();

            // The operators' scripts of old Consul versions (seed write-ups) still pass -rpc-addr.
            CliRun old = CliRun.run("info", agent.httpAddrFlag().replace("-http-addr", "-rpc-addr"));
            assertThat(old.exitCode()).as(old.toString()).isZero();
            assertThat(old.stderr()).contains("Warning: -rpc-addr is deprecated");
            assertThat(old.out().lines().filter(l -> !l.startsWith("\t"))).containsExactlyElementsOf(sections);
        }
    }
}
