package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.session.ServiceCheck;
import io.proconsul.core.session.Session;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.NodeSessions;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.SessionCreate;
import io.proconsul.core.store.SessionDestroy;
import io.proconsul.core.store.SessionInfo;
import io.proconsul.core.store.SessionList;
import io.proconsul.core.store.SessionRenew;
import io.proconsul.raft.RaftStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions through a client agent: session commands forwarded to the leader, session reads forwarded back. */
class SessionsThroughClientIT {

    static final String S1 = "11111111-1111-1111-1111-111111111111";
    static final String S2 = "22222222-2222-2222-2222-222222222222";

    @TempDir
    Path dir;

    private ServerAndClient fixture;
    private ServerForwardingStore client;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerAndClient.start(dir);
        client = fixture.client;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void sessionCommandsAndQueriesWorkThroughTheClient() throws Exception {
        HealthCheck serf = new HealthCheck("n1", "serfHealth", "Serf", HealthStatus.PASSING, "", "", "", "",
                List.of(), "", "", "", 0, 0);
        apply(new CatalogRegister("n1", "", "10.0.0.1", null, null, null, List.of(serf), false));
        Session s1 = new Session(S1, "lock", "n1", 15_000_000_000L, "delete", "30s", List.of("serfHealth"), null, 0, 0);
        assertThat(apply(new SessionCreate(s1))).isEqualTo(S1);
        assertThat(apply(new SessionCreate(new Session(S2, "", "n1", 0, "", "", List.of(), null, 0, 0))))
                .isEqualTo(S2);

        RaftStore server = fixture.server;
        for (Query<?> q : List.of(new SessionList(), new SessionInfo(S1), new SessionInfo("missing"),
                new NodeSessions("n1"), new NodeSessions("other"))) {
            QueryResult<?> direct = server.query(q, QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            QueryResult<?> forwarded = client.query(q, QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            assertThat(forwarded.value()).as("%s", q).isEqualTo(direct.value());
            assertThat(forwarded.index()).as("%s", q).isEqualTo(direct.index());
        }
        Session stored = query(new SessionInfo(S1)).value().get(0);
        assertThat(stored.withIndexes(0, 0)).isEqualTo(s1);
        assertThat(apply(new SessionRenew(S1))).containsExactly(stored);
        assertThat(apply(new SessionRenew("missing"))).isEmpty();

        assertThat(apply(new KvApply(new KvOp(KvVerb.LOCK, "k", bytes("v"), 0, 0, S1)))).isTrue();
        assertThat(apply(new KvApply(new KvOp(KvVerb.LOCK, "k", bytes("v"), 0, 0, S2)))).isFalse();
        assertThat(apply(new SessionDestroy(S1))).isTrue();
        assertThat(query(new KvGet("k")).value()).isEmpty();
        assertThat(query(new SessionList()).value()).extracting(Session::id).containsExactly(S2);
    }

    @Test
    void refusalsArriveWithTheirExceptionTypeAndText() {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> client.apply(new SessionCreate(
                new Session(S1, "", "ghost", 0, "", "", List.of(), List.of(ServiceCheck.of("x")), 0, 0)))
                .get(10, TimeUnit.SECONDS));
        assertThat(refused.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing node registration");
        ExecutionException invalid = assertThrows(ExecutionException.class,
                () -> client.apply(new KvApply(new KvOp(KvVerb.LOCK, "k", bytes("v"), 0, 0, S2)))
                        .get(10, TimeUnit.SECONDS));
        assertThat(invalid.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessage("invalid session \"" + S2 + "\"");
    }

    @Test
    void aBlockingSessionListThroughTheClientWakesOnCreate() throws Exception {
        HealthCheck serf = new HealthCheck("n1", "serfHealth", "Serf", HealthStatus.PASSING, "", "", "", "",
                List.of(), "", "", "", 0, 0);
        apply(new CatalogRegister("n1", "", "10.0.0.1", null, null, null, List.of(serf), false));
        long index = query(new SessionList()).index();
        CompletableFuture<QueryResult<List<Session>>> waiting =
                client.query(new SessionList(),
                        QueryOptions.DEFAULT.blocking(Math.max(index, 1), Duration.ofSeconds(30)));
        apply(new SessionCreate(new Session(S1, "", "n1", 0, "", "", List.of(), null, 0, 0)));
        assertThat(waiting.get(15, TimeUnit.SECONDS).value()).extracting(Session::id).containsExactly(S1);
    }

    private <R> R apply(Command<R> command) throws Exception {
        return client.apply(command).get(10, TimeUnit.SECONDS);
    }

    private <T> QueryResult<T> query(Query<T> q) throws Exception {
        return client.query(q, QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
