package io.proconsul.raft.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.Coordinate;
import io.proconsul.core.catalog.CoordinateEntry;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.CoordinateBatchUpdate;
import io.proconsul.core.store.CoordinateNode;
import io.proconsul.core.store.CoordinateNodes;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coordinate commands in the log format and coordinate reads in the client-to-server format. */
class CoordinateCodecTest {

    private static final CoordinateEntry ENTRY = new CoordinateEntry("node1", "",
            new Coordinate(new double[] {0.25, -1.0e-3, 0, 0, 0, 0, 0, 7}, 0.4, -2.0e-4, 1.0e-5));

    @Test
    void batchUpdateRoundTripsThroughTheLog() {
        LogCommand c = new LogCommand.Client(new CoordinateBatchUpdate(List.of(ENTRY)));
        byte[] raw = CommandCodec.encode(c);
        assertThat(raw[1]).isEqualTo(CommandCodec.TYPE_COORDINATE_BATCH_UPDATE);
        assertThat(CommandCodec.decode(raw)).isEqualTo(c);
    }

    @Test
    void queriesAndAnswersRoundTrip() {
        QueryOptions options = new QueryOptions(Consistency.DEFAULT, 4, Duration.ofSeconds(2), Duration.ZERO, "", "");
        for (Query<List<CoordinateEntry>> q : List.of(new CoordinateNodes(), new CoordinateNode("node1"))) {
            QueryCodec.QueryRequest request =
                    (QueryCodec.QueryRequest) QueryCodec.decodeRequest(QueryCodec.encodeQuery(q, options));
            assertThat(request.query()).isEqualTo(q);
            QueryResult<List<CoordinateEntry>> result =
                    new QueryResult<>(List.of(ENTRY), 9, true, 0, Consistency.DEFAULT);
            QueryCodec.Answer<List<CoordinateEntry>> answer =
                    QueryCodec.decodeAnswer(q, QueryCodec.encodeAnswer(result, 11));
            assertThat(answer.result().value()).containsExactly(ENTRY);
            assertThat(answer.result().index()).isEqualTo(9);
            assertThat(answer.appliedIndex()).isEqualTo(11);
        }
    }
}
