package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /v1/catalog/*} end to end: HTTP on a real socket against a real single-server RaftStore. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogEndpointIT {

    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
        http = agent.http;
        agent.catalogRegister("{\"Node\":\"cat-a\",\"ID\":\"11111111-2222-3333-4444-555555555555\","
                + "\"Address\":\"10.1.0.1\","
                + "\"NodeMeta\":{\"os\":\"linux\",\"rack\":\"r1\"},"
                + "\"Service\":{\"ID\":\"api-1\",\"Service\":\"api\",\"Tags\":[\"primary\",\"v1\"],\"Port\":8080,"
                + "\"Meta\":{\"env\":\"qa\"}}}");
        agent.catalogRegister("{\"Node\":\"cat-b\",\"Address\":\"10.1.0.2\",\"NodeMeta\":{\"os\":\"windows\"},"
                + "\"Service\":{\"Service\":\"api\",\"Tags\":[\"Secondary\",\"v1\"],\"Port\":9090,"
                + "\"Address\":\"10.9.9.9\",\"Meta\":{\"env\":\"prod\"}}}");
        agent.catalogRegister("{\"Node\":\"cat-b\",\"Address\":\"10.1.0.2\",\"NodeMeta\":{\"os\":\"windows\"},"
                + "\"Service\":{\"Service\":\"db\",\"Tags\":[\"x\"],\"Port\":5432}}");
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"Address":"10.0.0.1"}                                             | Must provide node
            {"Node":"n","ID":"abc","Address":"10.0.0.1"}                       | Bad node ID: uuid string is wrong length
            {"Node":"n"}                                                       | Must provide address if SkipNodeUpdate is not set
            {"Node":"n","Address":"1.2.3.4","Service":{"ID":"x"}}              | Must provide service name (Service.Service) when service ID is provided
            {"Node":"n","Address":"1.2.3.4","Service":{"Service":"s","Address":"0.0.0.0"}} | Invalid service address
            {"Node":"n","Address":"1.2.3.4","Check":{"Node":"m","CheckID":"c"}} | Node 'm' for check 'c' doesn't match register request node 'n'
            """)
    void registerRefusesWithConsulsText(String body, String message) throws Exception {
        HttpResponse<String> r = http.put("/v1/catalog/register", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo(message);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"Node":1,"Address":"a"}                                   | number into Go struct field RegisterRequest.Node of type string
            {"Node":"n","Address":"a","NodeMeta":{"k":1}}              | number into Go struct field RegisterRequest.NodeMeta of type string
            {"Node":"n","Address":"a","Service":{"Service":"s","Port":"80"}} | string into Go struct field RegisterRequest.Service.Port of type int
            {"Node":"n","Address":"a","Service":{"Service":"s","Port":1.5}}  | number 1.5 into Go struct field RegisterRequest.Service.Port of type int
            {"Node":"n","Address":"a","Service":{"Service":"s","Tags":"t"}}  | string into Go struct field RegisterRequest.Service.Tags of type []string
            {"Node":"n","Address":"a","Checks":[{"Status":true}]}      | bool into Go struct field RegisterRequest.Checks.Status of type string
            {"Node":"n","Address":"a","SkipNodeUpdate":"yes"}          | string into Go struct field RegisterRequest.SkipNodeUpdate of type bool
            """)
    void wrongJsonTypesAreGosDecodeErrors(String body, String message) throws Exception {
        HttpResponse<String> r = http.put("/v1/catalog/register", body);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Request decode failed: json: cannot unmarshal " + message);
    }

    @Test
    void undecodableBodiesAre400() throws Exception {
        assertThat(http.put("/v1/catalog/register", "{nope").body()).startsWith("Request decode failed: ");
        assertThat(http.put("/v1/catalog/register", "").body()).isEqualTo("Request decode failed: EOF");
        HttpResponse<String> d = http.put("/v1/catalog/deregister", "{\"ServiceID\":\"x\"}");
        assertThat(d.statusCode()).isEqualTo(400);
        assertThat(d.body()).isEqualTo("Must provide node");
        assertThat(http.get("/v1/catalog/register").statusCode()).isEqualTo(405);
    }

    @Test
    void datacentersIsThisAgentsOwn() throws Exception {
        assertThat(http.get("/v1/catalog/datacenters").body()).isEqualTo("[\"dc1\"]");
    }

    @Test
    void nodesSortedWithMetaAndFilter() throws Exception {
        HttpResponse<String> r = http.get("/v1/catalog/nodes");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(names(StoreFixture.json(r), "Node")).contains("cat-a", "cat-b");
        assertThat(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow())).isPositive();
        assertThat(r.headers().firstValue("X-Consul-Knownleader")).hasValue("true");
        JsonNode a = find(StoreFixture.json(r), "Node", "cat-a");
        assertThat(a.get("ID").asText()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(a.get("Address").asText()).isEqualTo("10.1.0.1");
        assertThat(a.get("Datacenter").asText()).isEqualTo("dc1");
        assertThat(a.get("Meta").get("rack").asText()).isEqualTo("r1");

        assertThat(names(StoreFixture.json(http.get("/v1/catalog/nodes?node-meta=os:linux")), "Node"))
                .containsExactly("cat-a");
        assertThat(names(StoreFixture.json(http.get("/v1/catalog/nodes?node-meta=os:linux&node-meta=rack:r2")),
                "Node")).isEmpty();
        assertThat(names(StoreFixture.json(http.get("/v1/catalog/nodes?filter="
                + enc("Meta.os == windows"))), "Node")).containsExactly("cat-b");
        assertThat(names(StoreFixture.json(http.get("/v1/catalog/nodes?near=_agent&filter="
                + enc("Node matches \"^cat-[ab]$\" and Datacenter == dc1"))), "Node"))
                .containsExactly("cat-a", "cat-b");
    }

    @Test
    void badFilterIs400WithBexprsText() throws Exception {
        HttpResponse<String> r = http.get("/v1/catalog/nodes?filter=" + enc("Nope == 1"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Failed to create boolean expression evaluator: Selector \"Nope\" is not valid");
        HttpResponse<String> s = http.get("/v1/catalog/service/api?filter=" + enc("ServicePort == "));
        assertThat(s.statusCode()).isEqualTo(400);
        assertThat(s.body()).startsWith("Failed to create boolean expression evaluator: 1:16 (15): ");
    }

    @Test
    void servicesWithTheUnionOfTags() throws Exception {
        HttpResponse<String> r = http.get("/v1/catalog/services");
        JsonNode s = StoreFixture.json(r);
        assertThat(names(s.get("api"), null)).containsExactly("Secondary", "primary", "v1");
        assertThat(names(s.get("db"), null)).containsExactly("x");
        assertThat(r.headers().firstValue("X-Consul-Index")).isPresent();
        JsonNode linux = StoreFixture.json(http.get("/v1/catalog/services?node-meta=os:linux"));
        assertThat(names(linux.get("api"), null)).containsExactly("primary", "v1");
        assertThat(linux.has("db")).isFalse();
        JsonNode filtered = StoreFixture.json(http.get("/v1/catalog/services?filter=" + enc("ServicePort == 9090")));
        assertThat(names(filtered.get("api"), null)).containsExactly("Secondary", "v1");
        assertThat(filtered.has("db")).isFalse();
        assertThat(http.get("/v1/catalog/services?filter=" + enc("Port == 1")).statusCode()).isEqualTo(400);
    }

    @Test
    void serviceInConsulsFlatShape() throws Exception {
        HttpResponse<String> r = http.get("/v1/catalog/service/api");
        JsonNode list = StoreFixture.json(r);
        assertThat(names(list, "Node")).containsExactly("cat-a", "cat-b");
        assertThat(r.body()).startsWith("[{\"ID\":\"11111111-2222-3333-4444-555555555555\",\"Node\":\"cat-a\","
                + "\"Address\":\"10.1.0.1\",\"Datacenter\":\"dc1\",\"TaggedAddresses\":null,"
                + "\"NodeMeta\":{\"os\":\"linux\",\"rack\":\"r1\"},\"ServiceKind\":\"\",\"ServiceID\":\"api-1\","
                + "\"ServiceName\":\"api\",\"ServiceTags\":[\"primary\",\"v1\"],\"ServiceAddress\":\"\","
                + "\"ServiceWeights\":{\"Passing\":1,\"Warning\":1},\"ServiceMeta\":{\"env\":\"qa\"},"
                + "\"ServicePort\":8080,\"ServiceEnableTagOverride\":false,"
                + "\"ServiceProxy\":{\"Mode\":\"\",\"MeshGateway\":{},\"Expose\":{}},\"ServiceConnect\":{},"
                + "\"CreateIndex\":");
        JsonNode b = list.get(1);
        assertThat(b.get("ServiceID").asText()).isEqualTo("api");
        assertThat(b.get("ServiceAddress").asText()).isEqualTo("10.9.9.9");
        assertThat(b.get("ModifyIndex").asLong()).isPositive();
        assertThat(Long.parseLong(r.headers().firstValue("X-Consul-Index").orElseThrow()))
                .isGreaterThanOrEqualTo(b.get("ModifyIndex").asLong());
    }

    @Test
    void serviceTagsNodeMetaAndFilter() throws Exception {
        assertThat(nodesOf("/v1/catalog/service/api?tag=v1")).containsExactly("cat-a", "cat-b");
        assertThat(nodesOf("/v1/catalog/service/api?tag=secondary")).containsExactly("cat-b");
        assertThat(nodesOf("/v1/catalog/service/api?tag=v1&tag=primary")).containsExactly("cat-a");
        assertThat(nodesOf("/v1/catalog/service/api?tag=primary&tag=secondary")).isEmpty();
        assertThat(nodesOf("/v1/catalog/service/api?node-meta=os:windows")).containsExactly("cat-b");
        assertThat(nodesOf("/v1/catalog/service/api?filter=" + enc("NodeMeta.os == linux"))).containsExactly("cat-a");
        assertThat(nodesOf("/v1/catalog/service/api?filter=" + enc("ServiceMeta.env == prod and ServicePort == 9090")))
                .containsExactly("cat-b");
        assertThat(nodesOf("/v1/catalog/service/api?filter=" + enc("\"primary\" in ServiceTags")))
                .containsExactly("cat-a");
        assertThat(http.get("/v1/catalog/service/nosuch").body()).isEqualTo("[]");
        HttpResponse<String> missing = http.get("/v1/catalog/service/");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("Missing service name");
    }

    @Test
    void nodeWithServicesKeyedById() throws Exception {
        JsonNode n = StoreFixture.json(http.get("/v1/catalog/node/cat-b"));
        assertThat(n.get("Node").get("Node").asText()).isEqualTo("cat-b");
        assertThat(names(n.get("Services"), null)).isEmpty();
        List<String> ids = new ArrayList<>();
        n.get("Services").fieldNames().forEachRemaining(ids::add);
        assertThat(ids).containsExactly("api", "db");
        assertThat(n.get("Services").get("db").get("Port").asInt()).isEqualTo(5432);
        JsonNode filtered = StoreFixture.json(http.get("/v1/catalog/node/cat-b?filter=" + enc("Port == 5432")));
        assertThat(filtered.get("Services").size()).isEqualTo(1);

        HttpResponse<String> unknown = http.get("/v1/catalog/node/nobody");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).isEqualTo("null");
        assertThat(unknown.headers().firstValue("X-Consul-Index")).isPresent();
        assertThat(http.get("/v1/catalog/node/").body()).isEqualTo("Missing node name");
    }

    @Test
    void nodeServicesAsAList() throws Exception {
        JsonNode n = StoreFixture.json(http.get("/v1/catalog/node-services/cat-b"));
        assertThat(n.get("Node").get("Address").asText()).isEqualTo("10.1.0.2");
        assertThat(names(n.get("Services"), "ID")).containsExactly("api", "db");
        assertThat(names(StoreFixture.json(http.get("/v1/catalog/node-services/cat-b?filter=" + enc("Service == db")))
                .get("Services"), "ID")).containsExactly("db");
        assertThat(http.get("/v1/catalog/node-services/nobody").body()).isEqualTo("{\"Node\":null,\"Services\":[]}");
    }

    @Test
    void deregisterServiceThenNode() throws Exception {
        agent.catalogRegister("{\"Node\":\"cat-gone\",\"Address\":\"10.1.0.9\",\"Service\":{\"Service\":\"tmp\"}}");
        assertThat(nodesOf("/v1/catalog/service/tmp")).containsExactly("cat-gone");
        assertThat(http.put("/v1/catalog/deregister", "{\"Node\":\"cat-gone\",\"ServiceID\":\"tmp\"}").body())
                .isEqualTo("true");
        assertThat(nodesOf("/v1/catalog/service/tmp")).isEmpty();
        assertThat(StoreFixture.json(http.get("/v1/catalog/node/cat-gone")).get("Node").get("Node").asText())
                .isEqualTo("cat-gone");
        assertThat(http.put("/v1/catalog/deregister", "{\"Node\":\"cat-gone\"}").body()).isEqualTo("true");
        assertThat(http.get("/v1/catalog/node/cat-gone").body()).isEqualTo("null");
    }

    @Test
    void blockingServiceQueryWakesOnItsChange() throws Exception {
        agent.catalogRegister(
                "{\"Node\":\"cat-w\",\"Address\":\"10.1.0.7\",\"Service\":{\"Service\":\"watched\",\"Port\":1}}");
        HttpResponse<String> first = http.get("/v1/catalog/service/watched");
        String index = first.headers().firstValue("X-Consul-Index").orElseThrow();
        CompletableFuture<HttpResponse<String>> next = CompletableFuture.supplyAsync(() -> {
            try {
                return http.get("/v1/catalog/service/watched?wait=25s&index=" + index);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        agent.catalogRegister(
                "{\"Node\":\"cat-w\",\"Address\":\"10.1.0.7\",\"Service\":{\"Service\":\"watched\",\"Port\":2}}");
        HttpResponse<String> woken = next.get(20, TimeUnit.SECONDS);
        assertThat(Long.parseLong(woken.headers().firstValue("X-Consul-Index").orElseThrow()))
                .isGreaterThan(Long.parseLong(index));
        assertThat(StoreFixture.json(woken).get(0).get("ServicePort").asInt()).isEqualTo(2);
    }

    private List<String> nodesOf(String path) throws Exception {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return names(StoreFixture.json(r), "Node");
    }

    static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        }
        return out;
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError(value + " not in " + array);
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

}
