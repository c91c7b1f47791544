package io.proconsul.cli.command.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.command.kv.CliRun;
import io.proconsul.cli.command.members.Eventually;
import io.proconsul.cli.testing.TestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service-discovery commands against a real agent, as an operator uses them in turn: register services
 * (from flags and from a file), find them with {@code catalog}, put the node and a service into
 * maintenance and back, reload, deregister.
 */
class DiscoveryCommandsIT {

    private static TestAgent agent;
    private static String addr;
    private static String nodeName;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        agent = TestAgent.start();
        addr = "-http-addr=" + agent.httpAddr();
        HttpResponse<String> self = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(agent.url() + "/v1/agent/self")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = new ObjectMapper().readTree(self.body());
        nodeName = json.path("Config").path("NodeName").asText();
        assertThat(nodeName).isNotEmpty();
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    /** The listed services but {@code consul}, which a server registers for itself once gossip runs. */
    private static List<String> ours(CliRun run) {
        return run.out().lines().filter(l -> !l.equals("consul")).toList();
    }

    @Test
    void registerFindMaintainDeregister() throws Exception {
        assertThat(ok("catalog", "datacenters", addr).out()).isEqualTo("dc1\n");

        assertThat(ok("services", "register", addr, "-name=web", "-port=8080", "-tag=v1", "-tag=blue",
                "-meta=team=a").out()).isEqualTo("Registered service: web\n");
        Path file = tmp.resolve("db.hcl");
        Files.writeString(file, "service { name = \"db\" port = 5432 tags = [\"primary\"] "
                + "check { id = \"db-ttl\" ttl = \"30s\" } }");
        assertThat(ok("services", "register", addr, file.toString()).out()).isEqualTo("Registered service: db\n");

        Eventually.within(Duration.ofSeconds(20), () -> assertThat(ours(ok("catalog", "services", addr)))
                .containsExactly("db", "web"));
        assertThat(ok("catalog", "services", addr, "-tags").out()).containsPattern("(?m)^db {7,}primary$")
                .containsPattern("(?m)^web {6,}blue,v1$");
        assertThat(ours(ok("catalog", "services", addr, "-node=" + nodeName))).containsExactly("db", "web");
        assertThat(ok("catalog", "nodes", addr).out()).startsWith("Node").contains(nodeName + " ")
                .contains(" 127.0.0.1 ").contains(" dc1");
        assertThat(ok("catalog", "nodes", addr, "-service=web").out()).contains(nodeName);
        String detailed = ok("catalog", "nodes", addr, "-detailed").out();
        assertThat(detailed.lines().findFirst().orElseThrow().split(" +"))
                .containsExactly("Node", "ID", "Address", "DC", "TaggedAddresses", "Meta");
        assertThat(detailed).as("the full node ID")
                .containsPattern(nodeName + " +[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} ");
        assertThat(ok("catalog", "nodes", addr, "-filter=Node == \"" + nodeName + "\"").out()).contains(nodeName);
        assertThat(ok("catalog", "nodes", addr, "-filter=Node == \"elsewhere\"").stderr())
                .isEqualTo(CatalogNodesCommand.NO_MATCH + "\n");
        CliRun none = ok("catalog", "nodes", addr, "-service=nope");
        assertThat(none.stderr()).isEqualTo(CatalogNodesCommand.NO_MATCH + "\n");
        assertThat(none.out()).isEmpty();
        assertThat(ok("catalog", "services", addr, "-node-meta=rack=none").stderr())
                .isEqualTo(CatalogServicesCommand.NO_MATCH + "\n");

        assertThat(ok("maint", addr).out()).isEmpty();
        assertThat(ok("maint", addr, "-enable", "-reason=kernel upgrade").out())
                .isEqualTo("Node maintenance is now enabled\n");
        assertThat(ok("maint", addr, "-enable", "-service=web").out())
                .isEqualTo("Service maintenance is now enabled for \"web\"\n");
        assertThat(ok("maint", addr).out()).isEqualTo("Node:\n  Name:   " + nodeName + "\n  Reason: kernel upgrade\n\n"
                + "Service:\n  ID:     web\n  Reason: Maintenance mode is enabled for this service, but no reason "
                + "was provided. This is a default message.\n\n");
        assertThat(ok("maint", addr, "-disable").out()).isEqualTo("Node maintenance is now disabled\n");
        assertThat(ok("maint", addr, "-disable", "-service=web").out())
                .isEqualTo("Service maintenance is now disabled for \"web\"\n");
        assertThat(ok("maint", addr).out()).isEmpty();
        CliRun unknown = CliRun.run("maint", addr, "-enable", "-service=nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("Error enabling service maintenance: Unexpected response code: 404");

        assertThat(ok("reload", addr).out()).isEqualTo("Configuration reload triggered\n");

        assertThat(ok("services", "deregister", addr, "-id=web").out()).isEqualTo("Deregistered service: web\n");
        assertThat(ok("services", "deregister", addr, file.toString()).out()).isEqualTo("Deregistered service: db\n");
        Eventually.within(Duration.ofSeconds(20), () -> assertThat(ours(ok("catalog", "services", addr)))
                .isEmpty());
    }

    /** An agent started without enable_script_checks refuses script checks registered over HTTP, as Consul. */
    @Test
    void scriptChecksFromTheApiNeedEnableScriptChecks() {
        Path sample = Path.of("..", "config-samples", "mysql", "w-3333-mysql-test.json");
        CliRun run = CliRun.run("services", "register", addr, sample.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("Error registering service \"w-3333-mysql-test\": Unexpected response "
                + "code: ").contains("Scripts are disabled on this agent");
    }
}
