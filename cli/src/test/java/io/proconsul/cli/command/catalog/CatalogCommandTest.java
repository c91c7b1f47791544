package io.proconsul.cli.command.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.cli.command.catalog.CatalogNodesCommand.CatalogNode;
import io.proconsul.cli.command.kv.CliRun;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code consul catalog ...}: flag validation, failures against a closed port, and Consul's output layout. */
class CatalogCommandTest {

    static String deadAddr = "-http-addr=" + CliRun.closedAddress();

    @Test
    void catalogAloneShowsItsSubcommandsAndExitsOne() {
        CliRun run = CliRun.run("catalog");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("datacenters", "nodes", "services");
    }

    @ParameterizedTest
    @CsvSource({"datacenters", "nodes", "services"})
    void argumentsAreRefused(String sub) {
        CliRun run = CliRun.run("catalog", sub, deadAddr, "extra");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Too many arguments (expected 0, got 1)\n");
    }

    @ParameterizedTest
    @CsvSource({"nodes", "services"})
    void nodeMetaNeedsAnEqualsSign(String sub) {
        CliRun run = CliRun.run("catalog", sub, deadAddr, "-node-meta=rack");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("invalid value \"rack\" for flag -node-meta: Missing \"=\" value in "
                + "argument: rack\n").contains("consul catalog " + sub + " [options]");
    }

    @Test
    void unknownFlagExitsOne() {
        CliRun run = CliRun.run("catalog", "nodes", "-bogus");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Unknown option: '-bogus'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "datacenters|          | Error listing datacenters: Get \"http://127.0.0.1:",
        "nodes      |          | Error listing nodes: Get \"http://127.0.0.1:",
        "nodes      | -service=web | Error listing nodes for service: Get \"http://127.0.0.1:",
        "services   |          | Error listing services: Get \"http://127.0.0.1:",
        "services   | -node=n1 | Error listing services for node: Get \"http://127.0.0.1:"})
    void anUnreachableAgentIsReportedWithTheHint(String sub, String flag, String message) {
        CliRun run = flag == null ? CliRun.run("catalog", sub, deadAddr) : CliRun.run("catalog", sub, deadAddr, flag);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith(message).contains("Is the agent running?");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void missingFilterFileIsReported() {
        CliRun run = CliRun.run("catalog", "nodes", deadAddr, "-filter=@/nonexistent/filter.txt");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Could not process filter argument: Failed to read file: open "
                + "/nonexistent/filter.txt: no such file or directory\n");
    }

    @Test
    void nodesTableAsConsulPrintsIt() {
        List<CatalogNode> nodes = List.of(
                new CatalogNode("a1b2c3d4-0000-1111-2222-333344445555", "server-1", "10.0.0.1", "dc1",
                        Map.of("lan", "10.0.0.1", "wan", "1.2.3.4"), Map.of("rack", "r1", "consul-network-segment", ""),
                        null),
                new CatalogNode("", "external", "example.com", "dc1", null, null, Map.of("k", "v")));
        assertThat(CatalogNodesCommand.table(nodes, false)).isEqualTo(String.join("\n",
                "Node      ID        Address      DC",
                "server-1  a1b2c3d4  10.0.0.1     dc1",
                "external            example.com  dc1"));
        assertThat(CatalogNodesCommand.table(nodes, true)).isEqualTo(String.join("\n",
                "Node      ID                                    Address      DC   TaggedAddresses            "
                        + "Meta",
                "server-1  a1b2c3d4-0000-1111-2222-333344445555  10.0.0.1     dc1  lan=10.0.0.1, wan=1.2.3.4  "
                        + "consul-network-segment=, rack=r1",
                "external                                        example.com  dc1                             k=v"));
    }

    @Test
    void servicesWithTagsAreAlignedAsGoTabwriterAligns() {
        Map<String, List<String>> services = new TreeMap<>(Map.of(
                "consul", List.of(), "redis", List.of("v2", "primary"), "w-3333-mysql-test", List.of("master")));
        assertThat(CatalogServicesCommand.withTags(services)).isEqualTo(String.join("\n",
                "consul                 ",
                "redis                  primary,v2",
                "w-3333-mysql-test      master"));
    }
}
