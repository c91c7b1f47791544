package io.proconsul.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.catalog.Weights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** go-bexpr's language over the JSON of a {@code /v1/health/service} entry, validated against its schema. */
class FilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FilterSchema SCHEMA = FilterSchema.of(ServiceEntry.class);

    private static final ServiceEntry WEB = new ServiceEntry(
            new Node("id-1", "node-1", "10.0.0.1", "dc1", Map.of("lan", "10.0.0.1"),
                    Map.of("os", "linux", "rack-id", "r1"), 5, 6),
            new NodeService("", "web-1", "web", List.of("primary", "v2"), Map.of("env", "qa"), 8080, "",
                    null, new Weights(3, 1), false, 7, 8),
            List.of(new HealthCheck("node-1", "serfHealth", "Serf Health Status", "passing", "", "ok", "", "",
                            List.of(), "serf", "", "", 5, 5),
                    new HealthCheck("node-1", "web-http", "HTTP", "critical", "", "refused", "web-1", "web",
                            List.of("primary"), "http", "10s", "1s", 7, 9)));
    private static final JsonNode DATUM = JSON.valueToTree(WEB);

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Service.Service == "web"                               | true
            Service.Service == web                                 | true
            Service.Service != "web"                               | false
            Service.Service == `web`                               | true
            Service.Port == 8080                                   | true
            Service.Port == "8080"                                 | true
            Service.Port != 80                                     | true
            Service.EnableTagOverride == false                     | true
            Service.EnableTagOverride == true                      | false
            Service.EnableTagOverride == F                         | true
            Service.Weights.Passing == 3                           | true
            "primary" in Service.Tags                              | true
            primary in Service.Tags                                | true
            "secondary" in Service.Tags                            | false
            "secondary" not in Service.Tags                        | true
            Service.Tags contains "v2"                             | true
            Service.Tags not contains "v2"                         | false
            Service.Tags is empty                                  | false
            Service.Tags is not empty                              | true
            Service.TaggedAddresses is empty                       | true
            Service.Kind == ""                                     | true
            Service.Meta.env == qa                                 | true
            Service.Meta["env"] == "qa"                            | true
            Service.Meta.missing == ""                             | true
            Service.Meta.missing == "x"                            | false
            "env" in Service.Meta                                  | true
            "nope" in Service.Meta                                 | false
            Service.Meta is not empty                              | true
            Node.Meta["rack-id"] == "r1"                           | true
            Node.Meta.os matches "^li"                             | true
            Node.Meta.os matches "nux"                             | true
            Node.Meta.os not matches "^win"                        | true
            Node.Node contains "ode"                               | true
            "ode" in Node.Node                                     | true
            Node.Address == "10.0.0.1" and Service.Port == 8080    | true
            Node.Address == "10.0.0.2" and Service.Port == 8080    | false
            Node.Address == "10.0.0.2" or Service.Port == 8080     | true
            not Node.Address == "10.0.0.2"                         | true
            not not Node.Address == "10.0.0.2"                     | false
            not (Node.Address == "10.0.0.1" or Service.Port == 1)  | false
            (Service.Port == 1 or Service.Port == 8080) and Node.Node == "node-1" | true
            Service.Port == 1 or Service.Port == 8080 and Node.Node == "x"       | false
            Checks.Status == critical                              | true
            Checks.Status == warning                               | false
            Checks.Status != critical                              | false
            Checks.Status != warning                               | true
            Checks.CheckID == "serfHealth"                         | true
            "primary" in Checks.ServiceTags                        | true
            Checks is not empty                                    | true
            Checks is empty                                        | false
            Service.Service=="web"                                 | true
            "  ( Service.Service == web )  "                       | true
            Node.Datacenter == "dc1"                               | true
            Service.CreateIndex == 7                               | true
            Service.Address == "" and Service.Port == 8080        | true
            """)
    void evaluates(String expression, boolean expected) {
        String expr = expression.startsWith("\"  (") ? expression.substring(1, expression.length() - 1) : expression;
        assertThat(Filter.compile(expr, SCHEMA).matches(DATUM)).as(expr).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Service.Service ==                         | 1:19 (18): no match found
            Service.Service == "web                    | 1:20 (19): rule "string": Unterminated string literal
            Service.Port == 12abc                      | 1:17 (16): rule "number": Invalid number literal
            Service.Port == 0x1F90                     | rule "number": Invalid number literal
            (Service.Port == 1                         | 1:1 (0): rule "grouping": Unmatched parentheses
            Service.Port == 1)                         | 1:18 (17): rule "grouping": Unmatched parentheses
            Service.Meta[env] == 1                     | 1:14 (13): rule "index": Invalid index
            Service.Meta["env" == 1                    | rule "index": Unclosed index expression
            "x" in "y"                                 | rule "match": Invalid selector
            Service.Port 1                             | 1:13 (12): no match found
            Service.Port == 1 and                      | no match found
            Service.Port is                            | no match found
            and                                        | no match found
            Nope == 1                                  | Selector "Nope" is not valid
            Service.Nope == 1                          | Selector "Service.Nope" is not valid
            Service.Port.Deeper == 1                   | Selector "Service.Port.Deeper" is not valid
            Service.Tags.x == 1                        | Selector "Service.Tags.x" is not valid
            service.Service == "web"                   | Selector "service" is not valid
            Service.Port matches "8"                   | Invalid match operator "Matches" for selector "Service.Port"
            Service.Tags == "primary"                  | Invalid match operator "Equal" for selector "Service.Tags"
            Service.Service is empty                   | Invalid match operator "Is Empty" for selector "Service.Service"
            Service == "x"                             | Invalid match operator "Equal" for selector "Service"
            Checks.Status is empty                     | Invalid match operator "Is Empty" for selector "Checks.Status"
            Service.Port == abc                        | Failed to coerce value "abc" for selector "Service.Port": strconv.ParseInt: parsing "abc": invalid syntax
            Service.EnableTagOverride == yes           | Failed to coerce value "yes" for selector "Service.EnableTagOverride": strconv.ParseBool
            Node.Node matches "("                      | Failed to compile regular expression "("
            """)
    void rejectsWithConsulsText(String expression, String message) {
        FilterException e = assertThrows(FilterException.class, () -> Filter.compile(expression, SCHEMA));
        assertThat(e.getMessage()).startsWith("Failed to create boolean expression evaluator: ").contains(message);
    }

    @Test
    void emptyExpressionKeepsEverything() {
        assertThat(Filter.compile("", SCHEMA)).isSameAs(Filter.NONE);
        assertThat(Filter.compile(null, SCHEMA).apply(List.of(WEB), JSON)).containsExactly(WEB);
    }

    @Test
    void applyKeepsOrderAndDropsNonMatching() {
        Node n = new Node("", "n2", "10.0.0.2", "dc1", null, Map.of("os", "windows"), 1, 1);
        List<Node> nodes = List.of(WEB.node(), n, WEB.node().withIndexes(9, 9));
        Filter f = Filter.compile("Meta.os == linux", FilterSchema.of(Node.class));
        assertThat(f.apply(nodes, JSON)).extracting(Node::modifyIndex).containsExactly(6L, 9L);
    }

    @Test
    void stringEscapesFollowGo() {
        Node n = new Node("", "a\"b\tc", "", "", null, null, 1, 1);
        FilterSchema s = FilterSchema.of(Node.class);
        assertThat(Filter.compile("Node == \"a\\\"b\\tc\"", s).matches(JSON.valueToTree(n))).isTrue();
        assertThat(Filter.compile("Node == \"a\\x22b\\u0009c\"", s).matches(JSON.valueToTree(n))).isTrue();
        assertThat(Filter.compile("Node == `a\\\"b`", s).matches(JSON.valueToTree(n))).isFalse();
    }

    @Test
    void selectorNamedLikeAKeyword() {
        record Odd(@com.fasterxml.jackson.annotation.JsonProperty("not") String not,
                @com.fasterxml.jackson.annotation.JsonProperty("in") List<String> in) {}
        JsonNode d = JSON.valueToTree(new Odd("x", List.of("y")));
        FilterSchema s = FilterSchema.of(Odd.class);
        assertThat(Filter.compile("not == x", s).matches(d)).isTrue();
        assertThat(Filter.compile("y in in", s).matches(d)).isTrue();
        assertThat(Filter.compile("not not == x", s).matches(d)).isFalse();
    }

    @Test
    void multiLinePositions() {
        FilterException e = assertThrows(FilterException.class,
                () -> Filter.compile("Node.Node == \"a\" and\n  Service.Port == \"x", SCHEMA));
        assertThat(e.detail()).startsWith("2:19 (39): rule \"string\": Unterminated string literal");
    }
}
