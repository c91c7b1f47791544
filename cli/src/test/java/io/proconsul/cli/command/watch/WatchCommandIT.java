package io.proconsul.cli.command.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.command.kv.CliRun;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consul watch} against a real agent: each type prints its current result, and with a handler sees
 * every change on the handler's stdin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration RETRY = Duration.ofMillis(200);

    private TestAgent agent;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        agent = TestAgent.start();
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void withoutHandlerPrintsTheCurrentValueAsGoIndentedJsonAndExits() throws Exception {
        put("/v1/kv/print/one?flags=7", "v1");
        JsonNode stored = get("/v1/kv/print/one").get(0);
        CliRun run = CliRun.run("watch", "-http-addr=" + agent.httpAddr(), "-type=key", "-key=print/one");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("{\n"
                + "    \"Key\": \"print/one\",\n"
                + "    \"CreateIndex\": " + stored.get("CreateIndex") + ",\n"
                + "    \"ModifyIndex\": " + stored.get("ModifyIndex") + ",\n"
                + "    \"LockIndex\": 0,\n"
                + "    \"Flags\": 7,\n"
                + "    \"Value\": \"djE=\",\n"
                + "    \"Session\": \"\"\n"
                + "}\n");

        CliRun missing = CliRun.run("watch", "-http-addr=" + agent.httpAddr(), "-type=key", "-key=print/none");
        assertThat(missing.exitCode()).isZero();
        assertThat(missing.out()).isEqualTo("null\n");

        CliRun prefix = CliRun.run("watch", "-http-addr=" + agent.httpAddr(), "-type=keyprefix", "-prefix=print/");
        assertThat(JSON.readTree(prefix.out())).hasSize(1);
        assertThat(prefix.out()).startsWith("[\n    {\n        \"Key\": \"print/one\",\n");

        CliRun services = CliRun.run("watch", "-http-addr=" + agent.httpAddr(), "-type=services");
        assertThat(services.out()).startsWith("{\n    \"").contains("\n    \"consul\": []").endsWith("\n}\n");
        assertThat(JSON.readTree(services.out()).get("consul")).isEmpty();
    }

    @Test
    void keyHandlerSeesNullThenEachNewValue() throws Exception {
        try (BackgroundWatch w = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                "-type=key", "-key=h/k")) {
            assertThat(w.awaitLines(1)).containsExactly("null");
            put("/v1/kv/h/k", "a");
            assertThat(JSON.readTree(w.awaitLines(2).get(1)).get("Value").asText()).isEqualTo("YQ==");
            put("/v1/kv/h/other", "x");
            put("/v1/kv/h/k", "b");
            List<String> lines = w.awaitLines(3);
            assertThat(JSON.readTree(lines.get(2)).get("Value").asText()).isEqualTo("Yg==");
            assertThat(lines).as("a write to another key changes nothing the handler sees").hasSize(3);
        }
    }

    @Test
    void keyprefixHandlerSeesTheWholeListOnEachChange() throws Exception {
        try (BackgroundWatch w = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                "-type=keyprefix", "-prefix=kp/")) {
            assertThat(w.awaitLines(1)).containsExactly("null");
            put("/v1/kv/kp/1", "a");
            assertThat(JSON.readTree(w.awaitLines(2).get(1))).hasSize(1);
            put("/v1/kv/kp/2", "b");
            JsonNode two = JSON.readTree(w.awaitLines(3).get(2));
            assertThat(two.findValuesAsText("Key")).containsExactly("kp/1", "kp/2");
        }
    }

    @Test
    void nodesAndServicesHandlersSeeRegistrations() throws Exception {
        try (BackgroundWatch nodes = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                "-type=nodes");
                BackgroundWatch services = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                        "-type=services")) {
            int before = JSON.readTree(nodes.awaitLines(1).get(0)).size();
            assertThat(JSON.readTree(services.awaitLines(1).get(0)).has("db")).isFalse();
            put("/v1/catalog/register", "{\"Node\":\"ext1\",\"Address\":\"10.9.0.1\","
                    + "\"Service\":{\"Service\":\"db\",\"Tags\":[\"primary\"],\"Port\":5432}}");
            JsonNode nodeList = JSON.readTree(nodes.awaitLines(2).get(1));
            assertThat(nodeList).hasSize(before + 1);
            assertThat(nodeList.findValuesAsText("Node")).contains("ext1");
            JsonNode serviceMap = JSON.readTree(services.awaitLines(2).get(1));
            assertThat(serviceMap.get("db").get(0).asText()).isEqualTo("primary");
        }
    }

    @Test
    void serviceHandlerFiltersByTagsAndPassing() throws Exception {
        try (BackgroundWatch w = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                "-type=service", "-service=web", "-tag=v1", "-tag=blue", "-passingonly=true")) {
            assertThat(w.awaitLines(1)).containsExactly("[]");
            register("web-ok", "10.9.1.1", "[\"v1\",\"blue\"]", "passing");
            JsonNode one = JSON.readTree(w.awaitLines(2).get(1));
            assertThat(one).hasSize(1);
            assertThat(one.get(0).get("Node").get("Node").asText()).isEqualTo("web-ok");
            register("web-bad", "10.9.1.2", "[\"v1\",\"blue\"]", "critical");
            register("web-green", "10.9.1.3", "[\"v1\"]", "passing");
            put("/v1/kv/service/marker", "x");
            register("web-ok2", "10.9.1.4", "[\"blue\",\"v1\"]", "passing");
            List<String> lines = w.awaitLines(3);
            assertThat(JSON.readTree(lines.get(2))).extracting(e -> e.get("Node").get("Node").asText())
                    .containsExactlyInAnyOrder("web-ok", "web-ok2");
        }
    }

    @Test
    void checksHandlerByStateAndByService() throws Exception {
        try (BackgroundWatch critical = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                "-type=checks", "-state=critical");
                BackgroundWatch api = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                        "-type=checks", "-service=api")) {
            int before = JSON.readTree(critical.awaitLines(1).get(0)).size();
            assertThat(api.awaitLines(1)).containsExactly("[]");
            register("api-1", "10.9.2.1", "[]", "critical", "api");
            JsonNode crit = JSON.readTree(critical.awaitLines(2).get(1));
            assertThat(crit).hasSize(before + 1);
            JsonNode apiChecks = JSON.readTree(api.awaitLines(2).get(1));
            assertThat(apiChecks).singleElement().satisfies(c -> {
                assertThat(c.get("ServiceName").asText()).isEqualTo("api");
                assertThat(c.get("Status").asText()).isEqualTo("critical");
            });
        }
    }

    @Test
    void eventHandlerSeesOnlyTheNewEventsOfItsName() throws Exception {
        put("/v1/event/fire/deploy", "before");
        try (BackgroundWatch w = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                "-type=event", "-name=deploy")) {
            JsonNode first = JSON.readTree(w.awaitLines(1).get(0));
            assertThat(first.findValuesAsText("Name")).containsOnly("deploy").isNotEmpty();
            put("/v1/event/fire/other", "x");
            put("/v1/event/fire/deploy", "p2");
            JsonNode second = JSON.readTree(w.awaitLines(2).get(1));
            assertThat(second).singleElement().satisfies(e -> {
                assertThat(e.get("Name").asText()).isEqualTo("deploy");
                assertThat(e.get("Payload").asText()).isEqualTo("cDI=");
                assertThat(e.get("LTime").asLong()).isPositive();
            });
            put("/v1/event/fire/deploy", "p3");
            assertThat(JSON.readTree(w.awaitLines(3).get(2)).findValuesAsText("Payload")).containsExactly("cDM=");
        }
    }

    @Test
    void failingHandlerStopsTheWatchWithExit1() throws Exception {
        Path seen = dir.resolve("seen");
        CliRun run = CliRun.run("watch", "-http-addr=" + agent.httpAddr(), "-type=key", "-key=fail/k",
                "echo $CONSUL_INDEX > '" + seen + "'; exit 3");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("Error executing handler: exit status 3\n");
        assertThat(Long.parseLong(Files.readString(seen).strip())).isPositive();

        CliRun noShell = CliRun.run("watch", "-http-addr=" + agent.httpAddr(), "-type=key", "-key=fail/k",
                "-shell=false", "no-such-handler-program", "arg");
        assertThat(noShell.exitCode()).isEqualTo(1);
        assertThat(noShell.stderr()).isEqualTo(
                "Error starting handler: exec: \"no-such-handler-program\": executable file not found in $PATH\n");
    }

    @Test
    void subprocessHandlerGetsTheJsonOnStdin() throws Exception {
        put("/v1/kv/sub/k", "z");
        Path file = dir.resolve("sub");
        try (BackgroundWatch w = BackgroundWatch.start(dir, RETRY, "-http-addr=" + agent.httpAddr(),
                "-type=keyprefix", "-prefix=sub/")) {
            assertThat(JSON.readTree(w.awaitLines(1).get(0)).get(0).get("Value").asText()).isEqualTo("eg==");
        }
        CliRun run = CliRun.run("watch", "-http-addr=" + agent.httpAddr(), "-type=key", "-key=sub/k",
                "-shell=false", "/bin/sh", "-c", "cat > '" + file + "'; exit 1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(Files.readString(file)).get("Key").asText()).isEqualTo("sub/k");
    }

    private void register(String node, String addr, String tags, String status) throws Exception {
        register(node, addr, tags, status, "web");
    }

    private void register(String node, String addr, String tags, String status, String service) throws Exception {
        put("/v1/catalog/register", "{\"Node\":\"" + node + "\",\"Address\":\"" + addr + "\","
                + "\"Service\":{\"ID\":\"" + service + "1\",\"Service\":\"" + service + "\",\"Tags\":" + tags + "},"
                + "\"Check\":{\"CheckID\":\"c-" + node + "\",\"Name\":\"c\",\"Status\":\"" + status + "\","
                + "\"ServiceID\":\"" + service + "1\"}}");
    }

    private void put(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(agent.url() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(agent.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }
}
