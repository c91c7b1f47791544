package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.local.LocalAgent;
import io.proconsul.core.local.ServiceDefinition;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.QueryOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/agent/service*}, {@code /v1/agent/check*}, {@code /v1/agent/health/service/*},
 * maintenance and reload end to end: HTTP on a real socket, a real {@link LocalAgent} over a real
 * RaftStore (not in -dev: compact JSON).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentLocalEndpointIT {

    private static final String TTL_SERVICE = "{\"ID\":\"%s\",\"Name\":\"%s\",\"Tags\":[\"v1\"],\"Port\":8080,"
            + "\"Check\":{\"CheckID\":\"%s\",\"TTL\":\"5m\"}}";

    private final AtomicInteger reloads = new AtomicInteger();
    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS, true, local -> {
            reloads.incrementAndGet();
            local.reload(List.of(new ServiceDefinition("", "", "from-file", null, "", null, null, 0, null, false,
                    null)), List.of());
        });
        http = agent.http;
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void registerThenListInConsulsShape() throws Exception {
        HttpResponse<String> put = http.put("/v1/agent/service/register",
                "{\"Name\":\"shape\",\"Tags\":[\"a\"],\"Port\":80,\"Weights\":{\"Passing\":10,\"Warning\":1}}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).isEmpty();

        JsonNode all = StoreFixture.json(http.get("/v1/agent/services"));
        assertThat(all.get("shape").toString()).isEqualTo("{\"ID\":\"shape\",\"Service\":\"shape\",\"Tags\":[\"a\"],"
                + "\"Meta\":{},\"Port\":80,\"Address\":\"\",\"Weights\":{\"Passing\":10,\"Warning\":1},"
                + "\"EnableTagOverride\":false,\"Datacenter\":\"dc1\"}");

        HttpResponse<String> one = http.get("/v1/agent/service/shape");
        assertThat(one.statusCode()).isEqualTo(200);
        String hash = StoreFixture.json(one).get("ContentHash").asText();
        assertThat(hash).isNotEmpty();
        assertThat(one.headers().firstValue("X-Consul-ContentHash")).hasValue(hash);
        http.put("/v1/agent/service/register", "{\"Name\":\"shape\",\"Port\":81}");
        assertThat(StoreFixture.json(http.get("/v1/agent/service/shape")).get("ContentHash").asText())
                .isNotEqualTo(hash);

        HttpResponse<String> missing = http.get("/v1/agent/service/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("unknown service ID: nope");
    }

    @Test
    void hashBlockingQueryOnOneService() throws Exception {
        http.put("/v1/agent/service/register", "{\"Name\":\"hashed\",\"Port\":1}");
        String hash = StoreFixture.json(http.get("/v1/agent/service/hashed")).get("ContentHash").asText();

        long t0 = System.nanoTime();
        HttpResponse<String> unchanged = http.get("/v1/agent/service/hashed?hash=" + hash + "&wait=300ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(StoreFixture.json(unchanged).get("ContentHash").asText()).isEqualTo(hash);

        java.util.concurrent.CompletableFuture<HttpResponse<String>> blocked = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return http.get("/v1/agent/service/hashed?hash=" + hash + "&wait=30s");
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        // Keep changing it until the blocked query has answered (it may not be waiting yet at the first change).
        Retry.untilPasses(Duration.ofSeconds(20), () -> {
            http.put("/v1/agent/service/register", "{\"Name\":\"hashed\",\"Port\":" + (2 + System.nanoTime() % 1000)
                    + "}");
            assertThat(blocked).isDone();
        });
        JsonNode changed = StoreFixture.json(blocked.get());
        assertThat(changed.get("ContentHash").asText()).isNotEqualTo(hash);
        assertThat(changed.get("Port").asInt()).isGreaterThan(1);
    }

    @Test
    void registrationErrorsUseConsulsTexts() throws Exception {
        assertError(http.put("/v1/agent/service/register", "{\"Port\":1}"), 400, "Missing service name");
        assertThat(http.put("/v1/agent/service/register", "{nope").body()).startsWith("Request decode failed: ");
        assertError(http.put("/v1/agent/service/register", "{\"Name\":\"x\",\"Address\":\"0.0.0.0\"}"), 400,
                "Invalid service address");
        assertError(http.put("/v1/agent/service/register", "{\"Name\":\"x\",\"Check\":{\"HTTP\":\"http://a\"}}"),
                400, "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks");
        assertError(http.put("/v1/agent/check/register", "{\"Name\":\"s\",\"Args\":[\"true\"],\"Interval\":\"10s\"}"),
                500, "Scripts are disabled on this agent from remote calls; to enable, configure "
                        + "'enable_script_checks' to true");
        assertError(http.put("/v1/agent/check/register", "{\"TTL\":\"10s\"}"), 400, "Missing check name");
        assertError(http.put("/v1/agent/check/register", "{\"Name\":\"c\",\"TTL\":\"10s\",\"Status\":\"ok\"}"), 400,
                "Bad check status");
        assertError(http.put("/v1/agent/service/deregister/nope", null), 404,
                "Unknown service ID \"nope\". Ensure that the service ID is passed, not the service name.");
        assertError(http.put("/v1/agent/check/deregister/nope", null), 404,
                "Unknown check ID \"nope\". Ensure that the check ID is passed, not the check name.");
        assertThat(http.get("/v1/agent/service/register").statusCode()).isEqualTo(405);
    }

    @Test
    void ttlUpdatesShowInChecksAndLocalHealth() throws Exception {
        http.put("/v1/agent/service/register", TTL_SERVICE.formatted("api1", "api", "api1-ttl"));
        assertThat(http.get("/v1/agent/health/service/id/api1").statusCode()).isEqualTo(503);

        assertThat(http.put("/v1/agent/check/pass/api1-ttl?note=fine", null).statusCode()).isEqualTo(200);
        JsonNode check = StoreFixture.json(http.get("/v1/agent/checks")).get("api1-ttl");
        assertThat(check.get("Status").asText()).isEqualTo("passing");
        assertThat(check.get("Output").asText()).isEqualTo("fine");
        assertThat(check.get("ServiceName").asText()).isEqualTo("api");
        assertThat(check.toString()).isEqualTo("{\"Node\":\"node1\",\"CheckID\":\"api1-ttl\","
                + "\"Name\":\"Service 'api' check\",\"Status\":\"passing\",\"Notes\":\"\",\"Output\":\"fine\","
                + "\"ServiceID\":\"api1\",\"ServiceName\":\"api\",\"ServiceTags\":[\"v1\"],\"Type\":\"ttl\","
                + "\"Interval\":\"\",\"Timeout\":\"\",\"CreateIndex\":0,\"ModifyIndex\":0}");
        HttpResponse<String> healthy = http.get("/v1/agent/health/service/id/api1");
        assertThat(healthy.statusCode()).isEqualTo(200);
        JsonNode info = StoreFixture.json(healthy);
        assertThat(info.get("AggregatedStatus").asText()).isEqualTo("passing");
        assertThat(info.get("Service").get("ID").asText()).isEqualTo("api1");
        assertThat(info.get("Checks").get(0).get("CheckID").asText()).isEqualTo("api1-ttl");

        http.put("/v1/agent/check/warn/api1-ttl", null);
        assertThat(http.get("/v1/agent/health/service/id/api1").statusCode()).isEqualTo(429);
        assertThat(http.put("/v1/agent/check/update/api1-ttl", "{\"Status\":\"critical\",\"Output\":\"down\"}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> text = http.get("/v1/agent/health/service/id/api1?format=text");
        assertThat(text.statusCode()).isEqualTo(503);
        assertThat(text.body()).isEqualTo("critical");
        assertThat(StoreFixture.json(http.get("/v1/agent/checks")).get("api1-ttl").get("Output").asText())
                .isEqualTo("down");

        assertError(http.put("/v1/agent/check/update/api1-ttl", "{\"Status\":\"bogus\"}"), 400,
                "Invalid check status: 'bogus'");
        assertError(http.put("/v1/agent/check/pass/api", null), 404,
                "Unknown check ID \"api\". Ensure that the check ID is passed, not the check name.");
    }

    @Test
    void healthByNameAnswersTheWorstInstance() throws Exception {
        http.put("/v1/agent/service/register", TTL_SERVICE.formatted("pay1", "pay", "pay1-ttl"));
        http.put("/v1/agent/service/register", TTL_SERVICE.formatted("pay2", "pay", "pay2-ttl"));
        http.put("/v1/agent/check/pass/pay1-ttl", null);
        http.put("/v1/agent/check/warn/pay2-ttl", null);
        HttpResponse<String> r = http.get("/v1/agent/health/service/name/pay");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(StoreFixture.json(r)).hasSize(2);
        http.put("/v1/agent/check/pass/pay2-ttl", null);
        assertThat(http.get("/v1/agent/health/service/name/pay").statusCode()).isEqualTo(200);

        HttpResponse<String> none = http.get("/v1/agent/health/service/name/nothing");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).isEqualTo("[]");
        assertThat(http.get("/v1/agent/health/service/name/nothing?format=text").body())
                .isEqualTo("ServiceName nothing Not Found");
        HttpResponse<String> noId = http.get("/v1/agent/health/service/id/nothing");
        assertThat(noId.statusCode()).isEqualTo(404);
        assertThat(noId.body()).isEqualTo("{\"AggregatedStatus\":\"critical\",\"Service\":null,\"Checks\":null}");
    }

    @Test
    void maintenanceModes() throws Exception {
        http.put("/v1/agent/service/register", TTL_SERVICE.formatted("m1", "m", "m1-ttl"));
        http.put("/v1/agent/check/pass/m1-ttl", null);
        assertThat(http.put("/v1/agent/service/maintenance/m1?enable=true&reason=deploy", null).statusCode())
                .isEqualTo(200);
        JsonNode c = StoreFixture.json(http.get("/v1/agent/checks")).get("_service_maintenance:m1");
        assertThat(c.get("Name").asText()).isEqualTo("Service Maintenance Mode");
        assertThat(c.get("Notes").asText()).isEqualTo("deploy");
        HttpResponse<String> h = http.get("/v1/agent/health/service/id/m1?format=text");
        assertThat(h.statusCode()).isEqualTo(503);
        assertThat(h.body()).isEqualTo("maintenance");
        http.put("/v1/agent/service/maintenance/m1?enable=false", null);
        assertThat(http.get("/v1/agent/health/service/id/m1").statusCode()).isEqualTo(200);

        assertError(http.put("/v1/agent/service/maintenance/nope?enable=true", null), 404,
                "No service registered with ID \"nope\"");
        assertError(http.put("/v1/agent/maintenance", null), 400, "Missing value for enable");
        assertError(http.put("/v1/agent/maintenance?enable=maybe", null), 400, "Invalid value for enable: \"maybe\"");
        assertThat(http.put("/v1/agent/maintenance?enable=true", null).statusCode()).isEqualTo(200);
        assertThat(StoreFixture.json(http.get("/v1/agent/checks")).get("_node_maintenance").get("Notes").asText())
                .startsWith("Maintenance mode is enabled for this node");
        http.put("/v1/agent/maintenance?enable=false", null);
        assertThat(StoreFixture.json(http.get("/v1/agent/checks")).has("_node_maintenance")).isFalse();
    }

    @Test
    void deregisterAndReload() throws Exception {
        http.put("/v1/agent/service/register", TTL_SERVICE.formatted("gone", "gone", "gone-ttl"));
        assertThat(http.put("/v1/agent/service/deregister/gone", null).statusCode()).isEqualTo(200);
        assertThat(StoreFixture.json(http.get("/v1/agent/services")).has("gone")).isFalse();
        assertThat(StoreFixture.json(http.get("/v1/agent/checks")).has("gone-ttl")).isFalse();

        assertThat(http.put("/v1/agent/reload", null).statusCode()).isEqualTo(200);
        assertThat(reloads.get()).isPositive();
        assertThat(StoreFixture.json(http.get("/v1/agent/services")).has("from-file")).isTrue();
    }

    @Test
    void registrationsReachTheCatalog() throws Exception {
        http.put("/v1/agent/service/register", TTL_SERVICE.formatted("cat1", "cat", "cat1-ttl"));
        Retry.untilPasses(Duration.ofSeconds(20), () -> assertThat(agent.store.query(new NodeInfo("node1"),
                QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value().orElseThrow().services())
                .extracting(NodeService::id).contains("cat1"));
    }

    @Test
    void filterOnServicesAndChecks() throws Exception {
        http.put("/v1/agent/service/register", TTL_SERVICE.formatted("f1", "filtered", "f1-ttl"));
        http.put("/v1/agent/service/register", "{\"ID\":\"f2\",\"Name\":\"filtered\",\"Tags\":[\"v2\"]}");
        http.put("/v1/agent/check/pass/f1-ttl", null);

        JsonNode services = StoreFixture.json(http.get("/v1/agent/services?filter="
                + java.net.URLEncoder.encode("Service == filtered and \"v2\" in Tags", "UTF-8")));
        assertThat(services.size()).isEqualTo(1);
        assertThat(services.has("f2")).isTrue();
        JsonNode checks = StoreFixture.json(http.get("/v1/agent/checks?filter="
                + java.net.URLEncoder.encode("ServiceID == f1 and Status == passing", "UTF-8")));
        assertThat(checks.size()).isEqualTo(1);
        assertThat(checks.has("f1-ttl")).isTrue();
        assertThat(http.get("/v1/agent/services?filter=" + java.net.URLEncoder.encode("Nope == 1", "UTF-8"))
                .statusCode()).isEqualTo(400);
    }

    private static void assertError(HttpResponse<String> r, int status, String body) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(body);
    }
}
