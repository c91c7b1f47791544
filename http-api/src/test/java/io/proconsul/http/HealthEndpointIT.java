package io.proconsul.http;

import static io.proconsul.http.CatalogEndpointIT.enc;
import static io.proconsul.http.CatalogEndpointIT.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/health/*} end to end: HTTP on a real socket against a real single-server RaftStore. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthEndpointIT {

    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
        http = agent.http;
        agent.catalogRegister("{\"Node\":\"h-1\",\"Address\":\"10.2.0.1\",\"NodeMeta\":{\"os\":\"linux\"},"
                + "\"Service\":{\"ID\":\"web-1\",\"Service\":\"web\",\"Tags\":[\"v1\",\"primary\"],\"Port\":80},"
                + "\"Checks\":[{\"CheckID\":\"node-ok\",\"Name\":\"Node OK\",\"Status\":\"passing\"},"
                + "{\"CheckID\":\"web-1-http\",\"Name\":\"HTTP\",\"Status\":\"passing\",\"ServiceID\":\"web-1\"}]}");
        agent.catalogRegister("{\"Node\":\"h-2\",\"Address\":\"10.2.0.2\",\"NodeMeta\":{\"os\":\"windows\"},"
                + "\"Service\":{\"ID\":\"web-2\",\"Service\":\"web\",\"Tags\":[\"v1\"],\"Port\":80},"
                + "\"Check\":{\"Name\":\"web-2-http\",\"Status\":\"critical\",\"ServiceID\":\"web-2\","
                + "\"Output\":\"connection refused\"}}");
        agent.catalogRegister("{\"Node\":\"h-2\",\"Address\":\"10.2.0.2\",\"NodeMeta\":{\"os\":\"windows\"},"
                + "\"Checks\":[{\"CheckID\":\"disk\",\"Name\":\"Disk\",\"Status\":\"warning\"}]}");
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void serviceEntriesWithNodeServiceAndEveryCoveringCheck() throws Exception {
        HttpResponse<String> r = http.get("/v1/health/service/web");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow())).isPositive();
        JsonNode list = StoreFixture.json(r);
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(fieldNames(first)).containsExactly("Node", "Service", "Checks");
        assertThat(first.get("Node").get("Node").asText()).isEqualTo("h-1");
        assertThat(first.get("Node").get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(first.get("Service").get("ID").asText()).isEqualTo("web-1");
        assertThat(names(first.get("Checks"), "CheckID")).containsExactlyInAnyOrder("node-ok", "web-1-http");
        JsonNode second = list.get(1);
        assertThat(names(second.get("Checks"), "CheckID")).containsExactlyInAnyOrder("disk", "web-2-http");
        JsonNode http2 = CatalogEndpointIT.find(second.get("Checks"), "CheckID", "web-2-http");
        assertThat(http2.get("Status").asText()).isEqualTo("critical");
        assertThat(http2.get("Output").asText()).isEqualTo("connection refused");
        assertThat(http2.get("ServiceName").asText()).isEqualTo("web");
        assertThat(http2.get("Node").asText()).isEqualTo("h-2");
    }

    @Test
    void passingKeepsOnlyInstancesWhoseChecksAllPass() throws Exception {
        assertThat(nodesOf("/v1/health/service/web?passing")).containsExactly("h-1");
        assertThat(nodesOf("/v1/health/service/web?passing=true")).containsExactly("h-1");
        assertThat(nodesOf("/v1/health/service/web?passing=false")).containsExactly("h-1", "h-2");
        assertThat(nodesOf("/v1/health/service/web?passing=0")).containsExactly("h-1", "h-2");
        HttpResponse<String> bad = http.get("/v1/health/service/web?passing=maybe");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("Invalid value for ?passing");
    }

    @Test
    void tagNodeMetaAndFilter() throws Exception {
        assertThat(nodesOf("/v1/health/service/web?tag=v1")).containsExactly("h-1", "h-2");
        assertThat(nodesOf("/v1/health/service/web?tag=v1&tag=PRIMARY")).containsExactly("h-1");
        assertThat(nodesOf("/v1/health/service/web?node-meta=os:windows")).containsExactly("h-2");
        assertThat(nodesOf("/v1/health/service/web?filter=" + enc("Checks.Status == critical"))).containsExactly("h-2");
        assertThat(nodesOf("/v1/health/service/web?filter=" + enc("Checks.Status != critical"))).containsExactly("h-1");
        assertThat(nodesOf("/v1/health/service/web?filter=" + enc("Service.ID == \"web-1\" or Node.Meta.os == x")))
                .containsExactly("h-1");
        assertThat(nodesOf("/v1/health/service/web?passing=false&tag=v1&node-meta=os:linux&filter="
                + enc("\"primary\" in Service.Tags"))).containsExactly("h-1");
        HttpResponse<String> bad = http.get("/v1/health/service/web?filter=" + enc("Checks.Nope == 1"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo(
                "Failed to create boolean expression evaluator: Selector \"Checks.Nope\" is not valid");
        assertThat(http.get("/v1/health/service/nosuch").body()).isEqualTo("[]");
        assertThat(http.get("/v1/health/service/").body()).isEqualTo("Missing service name");
    }

    @Test
    void nodeChecks() throws Exception {
        HttpResponse<String> r = http.get("/v1/health/node/h-2");
        assertThat(names(StoreFixture.json(r), "CheckID")).containsExactlyInAnyOrder("disk", "web-2-http");
        JsonNode disk = CatalogEndpointIT.find(StoreFixture.json(r), "CheckID", "disk");
        assertThat(fieldNames(disk)).startsWith("Node", "CheckID", "Name", "Status", "Notes", "Output", "ServiceID",
                "ServiceName", "ServiceTags");
        assertThat(disk.get("ServiceTags").isArray()).isTrue();
        assertThat(names(StoreFixture.json(http.get("/v1/health/node/h-2?filter=" + enc("ServiceName != \"\""))),
                "CheckID")).containsExactly("web-2-http");
        assertThat(http.get("/v1/health/node/nobody").body()).isEqualTo("[]");
        assertThat(http.get("/v1/health/node/").body()).isEqualTo("Missing node name");
    }

    @Test
    void serviceChecksOnlyTheServicesOwn() throws Exception {
        JsonNode checks = StoreFixture.json(http.get("/v1/health/checks/web"));
        assertThat(names(checks, "CheckID")).containsExactly("web-1-http", "web-2-http");
        assertThat(names(StoreFixture.json(http.get("/v1/health/checks/web?node-meta=os:windows")), "CheckID"))
                .containsExactly("web-2-http");
        assertThat(names(StoreFixture.json(http.get("/v1/health/checks/web?filter=" + enc("Status == passing"))),
                "CheckID")).containsExactly("web-1-http");
    }

    @Test
    void checksInState() throws Exception {
        assertThat(names(StoreFixture.json(http.get("/v1/health/state/critical")), "CheckID")).contains("web-2-http")
                .doesNotContain("disk", "node-ok");
        assertThat(names(StoreFixture.json(http.get("/v1/health/state/warning")), "CheckID")).containsExactly("disk");
        assertThat(names(StoreFixture.json(http.get("/v1/health/state/any")), "CheckID"))
                .contains("disk", "node-ok", "web-1-http", "web-2-http");
        assertThat(names(StoreFixture.json(http.get("/v1/health/state/any?node-meta=os:linux")), "CheckID"))
                .containsExactlyInAnyOrder("node-ok", "web-1-http");
        String h2 = "/v1/health/state/any?filter=" + enc("Node == \"h-2\"");
        assertThat(names(StoreFixture.json(http.get(h2)), "CheckID"))
                .containsExactlyInAnyOrder("disk", "web-2-http");
        HttpResponse<String> unknown = http.get("/v1/health/state/Passing");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).isEqualTo("[]");
        assertThat(Long.parseLong(unknown.headers().firstValue("X-Consul-Index").orElseThrow())).isPositive();
        HttpResponse<String> missing = http.get("/v1/health/state/");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("Missing check state");
    }

    @Test
    void blockingServiceQueryIsNotWokenByAnotherService() throws Exception {
        agent.catalogRegister("{\"Node\":\"h-3\",\"Address\":\"10.2.0.3\",\"Service\":{\"Service\":\"a\",\"Port\":1}}");
        HttpResponse<String> first = http.get("/v1/health/service/a");
        long index = Long.parseLong(first.headers().firstValue("X-Consul-Index").orElseThrow());
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> waiting = get("/v1/health/service/a?wait=2s&index=" + index);
        agent.catalogRegister("{\"Node\":\"h-3\",\"Address\":\"10.2.0.3\",\"Service\":{\"Service\":\"b\",\"Port\":2}}");
        assertThat(nodesOf("/v1/health/service/b")).containsExactly("h-3");
        HttpResponse<String> timedOut = waiting.get(20, TimeUnit.SECONDS);
        // Not woken by b: it answered only when its wait ran out, with a's unchanged index.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(2));
        assertThat(Long.parseLong(timedOut.headers().firstValue("X-Consul-Index").orElseThrow())).isEqualTo(index);

        CompletableFuture<HttpResponse<String>> woken = get("/v1/health/service/a?wait=60s&index=" + index);
        agent.catalogRegister("{\"Node\":\"h-3\",\"Address\":\"10.2.0.3\",\"Service\":{\"Service\":\"a\",\"Port\":3}}");
        HttpResponse<String> changed = woken.get(30, TimeUnit.SECONDS);
        assertThat(Long.parseLong(changed.headers().firstValue("X-Consul-Index").orElseThrow())).isGreaterThan(index);
        assertThat(StoreFixture.json(changed).get(0).get("Service").get("Port").asInt()).isEqualTo(3);
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return http.get(path);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<String> nodesOf(String path) throws Exception {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        StoreFixture.json(r).forEach(e -> out.add(e.get("Node").get("Node").asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
