package io.proconsul.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Watch specifications as Consul parses them, the Go JSON they print, and the plan's index rules. */
class WatchSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachTypeQueriesConsulsEndpoint() throws Exception {
        assertThat(WatchSpec.parse(Map.of("type", "key", "key", "a/b", "stale", true)).query())
                .isEqualTo(new WatchQuery(WatchQuery.Shape.KEY, "/v1/kv/a/b", Map.of("stale", ""), List.of()));
        assertThat(WatchSpec.parse(Map.of("type", "keyprefix", "prefix", "a/")).query()).isEqualTo(
                new WatchQuery(WatchQuery.Shape.KEY_PREFIX, "/v1/kv/a/", Map.of("recurse", ""), List.of()));
        assertThat(WatchSpec.parse(Map.of("type", "services", "filter", "x == y")).query().params())
                .isEqualTo(Map.of("filter", "x == y"));
        assertThat(WatchSpec.parse(Map.of("type", "nodes")).query().path()).isEqualTo("/v1/catalog/nodes");
        assertThat(WatchSpec.parse(Map.of("type", "service", "service", "web", "tag", List.of("a", "b"),
                "passingonly", true)).query()).isEqualTo(new WatchQuery(WatchQuery.Shape.PLAIN,
                "/v1/health/service/web", Map.of("passing", "1"), List.of("a", "b")));
        assertThat(WatchSpec.parse(Map.of("type", "checks")).query().path()).isEqualTo("/v1/health/state/any");
        assertThat(WatchSpec.parse(Map.of("type", "checks", "service", "web", "tag", "x")).query())
                .isEqualTo(new WatchQuery(WatchQuery.Shape.PLAIN, "/v1/health/checks/web", Map.of(), List.of("x")));
        assertThat(WatchSpec.parse(Map.of("type", "event", "name", "deploy")).query()).isEqualTo(
                new WatchQuery(WatchQuery.Shape.EVENTS, "/v1/event/list", Map.of("name", "deploy"), List.of()));
    }

    @Test
    void genericAndExemptParameters() throws Exception {
        WatchSpec spec = WatchSpec.parse(Map.of("type", "key", "key", "k", "datacenter", "dc2", "token", "t",
                "handler_type", "script", "args", List.of("echo")), List.of("args", "handler"));
        assertThat(spec.datacenter()).isEqualTo("dc2");
        assertThat(spec.token()).isEqualTo("t");
        assertThat(spec.exempt()).isEqualTo(Map.of("args", List.of("echo")));
        assertThat(assertThrows(WatchSpec.InvalidException.class, () -> WatchSpec.parse(
                Map.of("type", "key", "key", "k", "handler_type", "http"))).getMessage())
                .isEqualTo("Handler type 'http' requires 'http_handler_config' to be set");
        assertThat(assertThrows(WatchSpec.InvalidException.class, () -> WatchSpec.parse(
                Map.of("type", "key", "key", 3))).getMessage()).isEqualTo("Expecting key to be a string");
        assertThat(assertThrows(WatchSpec.InvalidException.class, () -> WatchSpec.parse(
                Map.of("type", "service", "service", "s", "tag", List.of("a", 1)))).getMessage())
                .isEqualTo("Index 1 of tag expected to be string");
        assertThat(assertThrows(WatchSpec.InvalidException.class, () -> WatchSpec.parse(
                Map.of("type", "key", "key", "k", "stale", "yes"))).getMessage())
                .isEqualTo("Expecting stale to be a boolean");
    }

    @Test
    void goJsonIndentsAndEscapesAsGo() throws Exception {
        JsonNode node = JSON.readTree("{\"a\":[],\"b\":{},\"c\":[1,{\"d\":\"<x&y>\"}],\"e\":null,\"f\":true}");
        assertThat(GoJson.indented(node)).isEqualTo("""
                {
                    "a": [],
                    "b": {},
                    "c": [
                        1,
                        {
                            "d": "\\u003cx\\u0026y\\u003e"
                        }
                    ],
                    "e": null,
                    "f": true
                }""");
        assertThat(GoJson.compact(node)).isEqualTo(
                "{\"a\":[],\"b\":{},\"c\":[1,{\"d\":\"\\u003cx\\u0026y\\u003e\"}],\"e\":null,\"f\":true}\n");
        assertThat(GoJson.indented(null)).isEqualTo("null");
        // Go 1.22+ (which Consul 1.20 is built with) writes \b and \f as short escapes.
        assertThat(GoJson.quote("a\bb\fc\u0001")).isEqualTo("\"a\\bb\\fc\\u0001\"");
    }

    @Test
    void kvPairInGoFieldOrder() throws Exception {
        JsonNode server = JSON.readTree("{\"LockIndex\":0,\"Key\":\"k\",\"Flags\":7,\"Value\":\"dg==\","
                + "\"CreateIndex\":5,\"ModifyIndex\":9}");
        assertThat(WatchQuery.kvPair(server).toString()).isEqualTo("{\"Key\":\"k\",\"CreateIndex\":5,"
                + "\"ModifyIndex\":9,\"LockIndex\":0,\"Flags\":7,\"Value\":\"dg==\",\"Session\":\"\"}");
    }

    @Test
    void eventsAfterTheLastIndexOnly() throws Exception {
        String a = "11111111-2222-3333-4444-555555555555";
        String b = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        assertThat(WatchQuery.idToIndex(a)).isEqualTo(0x1111111122223333L ^ 0x4444555555555555L);
        JsonNode events = JSON.readTree("[{\"ID\":\"" + a + "\"},{\"ID\":\"" + b + "\"}]");
        assertThat(WatchQuery.newEvents(events, WatchQuery.idToIndex(a))).hasSize(1);
        assertThat(WatchQuery.newEvents(events, WatchQuery.idToIndex(a)).get(0).get("ID").asText()).isEqualTo(b);
        assertThat(WatchQuery.newEvents(events, WatchQuery.idToIndex(b))).isEmpty();
        assertThat(WatchQuery.newEvents(events, 42)).hasSize(2);
    }

    @Test
    void indexRules() {
        assertThat(WatchPlan.next(7, null, true)).isEqualTo(7);
        assertThat(WatchPlan.next(9, 7L, true)).isEqualTo(9);
        assertThat(WatchPlan.next(3, 7L, true)).as("went backwards").isZero();
        assertThat(WatchPlan.next(3, 7L, false)).as("event indexes have no order").isEqualTo(3);
        assertThat(WatchPlan.next(0, null, true)).as("never below 1").isEqualTo(1);
    }
}
