package io.proconsul.raft.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.catalog.ServiceAddress;
import io.proconsul.core.catalog.ServiceEntry;
import io.proconsul.core.catalog.Weights;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.CatalogServices;
import io.proconsul.core.store.ChecksInState;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.ServiceChecks;
import io.proconsul.core.store.ServiceNodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Catalog commands in the Raft log, and catalog queries and answers between a client agent and a server. */
class CatalogCodecTest {

    private static final Node NODE = new Node("6a1c-uuid", "n1", "10.0.0.1", "dc1",
            Map.of("lan", "10.0.0.1", "wan", "1.2.3.4"), Map.of("rack", "r1"), 3, 7);
    private static final NodeService SERVICE = new NodeService("", "web1", "web", List.of("v1", "east"),
            Map.of("version", "1.2"), 8080, "10.0.0.9", Map.of("lan", new ServiceAddress("10.0.0.9", 8080)),
            new Weights(10, 1), true, 4, 8);
    private static final HealthCheck CHECK = new HealthCheck("n1", "web-alive", "Web alive", "warning", "notes",
            "HTTP 429", "web1", "web", List.of("v1"), "http", "10s", "1s", 5, 9);

    @Test
    void catalogCommandsRoundTripEveryField() {
        CatalogRegister register = new CatalogRegister("n1", "6a1c-uuid", "10.0.0.1", Map.of("wan", "1.2.3.4"),
                Map.of("rack", "r1"), SERVICE, List.of(CHECK), true);
        assertThat(roundTrip(register)).isEqualTo(register);
        CatalogRegister nodeOnly = new CatalogRegister("n2", null, null, null, null, null, null, false);
        assertThat(roundTrip(nodeOnly)).isEqualTo(nodeOnly);
        for (CatalogDeregister d : List.of(CatalogDeregister.node("n1"), CatalogDeregister.service("n1", "web1"),
                CatalogDeregister.check("n1", "web-alive"))) {
            assertThat(roundTrip(d)).isEqualTo(d);
        }
    }

    @Test
    void truncatedCatalogCommandIsRejected() {
        byte[] data = CommandCodec.encode(new LogCommand.Client(CatalogDeregister.node("n1")));
        byte[] cut = java.util.Arrays.copyOf(data, data.length - 3);
        assertThrows(CorruptCommandException.class, () -> CommandCodec.decode(cut));
    }

    static Stream<Arguments> catalogQueriesAndValues() {
        return Stream.of(
                Arguments.of(new CatalogNodes(), List.of(NODE)),
                Arguments.of(new CatalogServices(), Map.of("web", List.of("east", "v1"), "db", List.of())),
                Arguments.of(new ServiceNodes("web"), List.of(new ServiceEntry(NODE, SERVICE, List.of(CHECK)))),
                Arguments.of(new ServiceNodes("none"), List.of()),
                Arguments.of(new NodeInfo("n1"), Optional.of(new NodeServices(NODE, List.of(SERVICE)))),
                Arguments.of(new NodeInfo("missing"), Optional.empty()),
                Arguments.of(new NodeChecks("n1"), List.of(CHECK)),
                Arguments.of(new ServiceChecks("web"), List.of(CHECK, CHECK)),
                Arguments.of(new ChecksInState("warning"), List.of(CHECK)));
    }

    @ParameterizedTest
    @MethodSource("catalogQueriesAndValues")
    <T> void catalogQueriesAndAnswersRoundTrip(Query<T> query, T value) {
        QueryOptions options = new QueryOptions(Consistency.CONSISTENT, 12, Duration.ofSeconds(3), Duration.ZERO,
                "", "");
        QueryCodec.QueryRequest request = (QueryCodec.QueryRequest) QueryCodec.decodeRequest(
                QueryCodec.encodeQuery(query, options));
        assertThat(request.query()).isEqualTo(query);
        assertThat(request.options()).isEqualTo(options);

        QueryResult<T> result = new QueryResult<>(value, 9, true, 35, Consistency.CONSISTENT);
        QueryCodec.Answer<T> answer = QueryCodec.decodeAnswer(query, QueryCodec.encodeAnswer(result, 11));
        assertThat(answer.appliedIndex()).isEqualTo(11);
        assertThat(answer.result()).isEqualTo(result);
    }

    private static Object roundTrip(io.proconsul.core.store.Command<?> command) {
        return ((LogCommand.Client) CommandCodec.decode(CommandCodec.encode(new LogCommand.Client(command))))
                .command();
    }
}
