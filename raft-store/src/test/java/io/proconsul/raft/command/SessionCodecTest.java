package io.proconsul.raft.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.model.TxnError;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.session.ServiceCheck;
import io.proconsul.core.session.Session;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.NodeSessions;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.SessionCreate;
import io.proconsul.core.store.SessionDestroy;
import io.proconsul.core.store.SessionInfo;
import io.proconsul.core.store.SessionList;
import io.proconsul.core.store.SessionRenew;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Session commands in the log, session results in replies, session reads over the client RPC. */
class SessionCodecTest {

    static final Session FULL = new Session("11111111-1111-1111-1111-111111111111", "lock", "n1", 15_000_000_000L,
            "delete", "30s", List.of("serfHealth"), List.of(ServiceCheck.of("web-check")), 0, 0);

    static Stream<Command<?>> commands() {
        return Stream.of(new SessionCreate(FULL), new SessionCreate(new Session("x", null, "n", 0, null, null, null,
                null, 0, 0)), new SessionDestroy("x"), new SessionRenew("y"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void sessionCommandsRoundTripThroughTheLog(Command<?> command) {
        LogCommand back = CommandCodec.decode(CommandCodec.encode(new LogCommand.Client(command)));
        assertThat(back).isEqualTo(new LogCommand.Client(command));
    }

    @Test
    void preApplyRefusalsCarryTheirAnswer() {
        TxnResult errors = new TxnResult(List.of(), List.of(new TxnError(0, "failed to lock key \"k\" due to lock delay")),
                0);
        for (Object answer : List.of(false, errors)) {
            LogCommand back = CommandCodec.decode(CommandCodec.encode(new LogCommand.PreApplyRefused(answer)));
            assertThat(back).isEqualTo(new LogCommand.PreApplyRefused(answer));
        }
    }

    @Test
    void sessionResultsRoundTripAndRefusalsBecomeIllegalArgument() {
        Session stored = FULL.withIndexes(5, 5);
        assertThat(ResultCodec.decode(ResultCodec.encode(FULL.id()))).isEqualTo(FULL.id());
        assertThat(ResultCodec.decode(ResultCodec.encode(List.of(stored)))).isEqualTo(List.of(stored));
        assertThat(ResultCodec.decode(ResultCodec.encode(List.of()))).isEqualTo(List.of());
        Object refused = ResultCodec.decode(ResultCodec.encode(new ResultCodec.Refused("Missing node registration")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultCodec.valueOrThrow(refused));
        assertThat(e).hasMessage("Missing node registration");
        Object failed = ResultCodec.decode(ResultCodec.encode(new ResultCodec.Failed("invalid session \"x\"")));
        assertThrows(IllegalStateException.class, () -> ResultCodec.valueOrThrow(failed));
    }

    static Stream<Query<List<Session>>> queries() {
        return Stream.of(new SessionInfo("abc"), new SessionList(), new NodeSessions("n1"));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void sessionReadsRoundTripOverTheClientRpc(Query<List<Session>> query) {
        QueryCodec.QueryRequest request = (QueryCodec.QueryRequest) QueryCodec.decodeRequest(
                QueryCodec.encodeQuery(query, QueryOptions.DEFAULT));
        assertThat(request.query()).isEqualTo(query);
        QueryResult<List<Session>> result = new QueryResult<>(List.of(FULL.withIndexes(3, 4)), 9, true, 0,
                QueryOptions.DEFAULT.consistency());
        QueryCodec.Answer<List<Session>> answer = QueryCodec.decodeAnswer(query, QueryCodec.encodeAnswer(result, 12));
        assertThat(answer.result().value()).isEqualTo(result.value());
        assertThat(answer.result().index()).isEqualTo(9);
        assertThat(answer.appliedIndex()).isEqualTo(12);
    }
}
