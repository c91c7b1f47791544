package io.proconsul.raft.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnError;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.operator.RaftServer;
import io.proconsul.core.operator.ServerHealth;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvKeys;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.TxnRead;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class QueryCodecTest {

    private static final KvEntry ENTRY = new KvEntry(2, "a/b", -1L, new byte[] {0, 7}, "sess", 5, 9);
    private static final KvEntry NO_VALUE = new KvEntry(0, "a/c", 0, null, "", 6, 6);

    static Stream<Arguments> queriesAndValues() {
        return Stream.of(
                Arguments.of(new KvGet("a/b"), Optional.of(ENTRY)),
                Arguments.of(new KvGet("missing"), Optional.empty()),
                Arguments.of(new KvList("a/"), List.of(ENTRY, NO_VALUE)),
                Arguments.of(new KvKeys("a/", "/"), List.of("a/b", "a/c/")),
                Arguments.of(new TxnRead(List.of(new KvOp(KvVerb.GET, "a/b", null, 0, 0, ""))),
                        new TxnResult(List.of(ENTRY), List.of(new TxnError(0, "boom")), 9)));
    }

    @ParameterizedTest
    @MethodSource("queriesAndValues")
    <T> void queriesAndAnswersRoundTrip(Query<T> query, T value) {
        QueryOptions options = new QueryOptions(Consistency.STALE, 12, Duration.ofSeconds(3), Duration.ofMillis(700),
                "", "");
        QueryCodec.QueryRequest request = (QueryCodec.QueryRequest) QueryCodec.decodeRequest(
                QueryCodec.encodeQuery(query, options));
        assertThat(request.query()).usingRecursiveComparison().isEqualTo(query);
        assertThat(request.options()).isEqualTo(options);

        QueryResult<T> result = new QueryResult<>(value, 9, true, 35, Consistency.STALE);
        QueryCodec.Answer<T> answer = QueryCodec.decodeAnswer(query, QueryCodec.encodeAnswer(result, 11));
        assertThat(answer.appliedIndex()).isEqualTo(11);
        assertThat(answer.result()).usingRecursiveComparison().isEqualTo(result);
    }

    @Test
    void statusAndFailuresRoundTrip() {
        assertThat(QueryCodec.decodeRequest(QueryCodec.encodeStatusRequest()))
                .isInstanceOf(QueryCodec.StatusRequest.class);
        QueryCodec.Status status = new QueryCodec.Status("s1", "127.0.0.1:8300", List.of("s1=127.0.0.1:8300"), 42);
        assertThat(QueryCodec.decodeStatus(QueryCodec.encodeStatus(status))).isEqualTo(status);

        assertThrows(NoClusterLeaderException.class,
                () -> QueryCodec.decodeAnswer(new KvGet("k"), QueryCodec.encodeNoLeader()));
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> QueryCodec.decodeStatus(QueryCodec.encodeFailed("bad things")));
        assertThat(failed).hasMessage("bad things");
        assertThrows(IllegalArgumentException.class, () -> QueryCodec.decodeRequest(new byte[] {9, 1}));
    }

    @Test
    void operatorRequestsAndAnswersRoundTrip() {
        QueryOptions stale = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);
        OperatorCodec.OperatorRequest r = (OperatorCodec.OperatorRequest) QueryCodec.decodeRequest(
                OperatorCodec.encodeRequest(OperatorCodec.Op.REMOVE_PEER, stale, "", "127.0.0.1:8300"));
        assertThat(r).isEqualTo(new OperatorCodec.OperatorRequest(OperatorCodec.Op.REMOVE_PEER, stale, "",
                "127.0.0.1:8300"));

        RaftConfiguration conf = new RaftConfiguration(
                List.of(new RaftServer("id1", "node1", "127.0.0.1:8300", true, true, "3", 17)), 4);
        assertThat(OperatorCodec.decodeConfiguration(OperatorCodec.encodeConfiguration(conf))).isEqualTo(conf);
        AutopilotConfig ap = new AutopilotConfig(true, Duration.ofMillis(200), 250, 3, Duration.ofSeconds(10), 5, 8);
        assertThat(OperatorCodec.decodeAutopilot(OperatorCodec.encodeAutopilot(ap))).isEqualTo(ap);
        AutopilotHealth health = new AutopilotHealth(true, 1, List.of(
                new ServerHealth("id1", "node1", "127.0.0.1:8300", "alive", "1.0", true, Duration.ZERO, 2, 17, true,
                        true, Instant.ofEpochSecond(1700000000, 123)),
                new ServerHealth("id2", "node2", "127.0.0.1:8301", "failed", "", false, null, 2, 3, false, true,
                        null)));
        assertThat(OperatorCodec.decodeHealth(OperatorCodec.encodeHealth(health))).isEqualTo(health);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> OperatorCodec.decodeDone(QueryCodec.encodeBadRequest("id \"x\" was not found")));
        assertThat(refused).hasMessage("id \"x\" was not found");
    }
}
