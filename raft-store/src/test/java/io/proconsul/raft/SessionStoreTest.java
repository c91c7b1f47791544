package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.session.Session;
import io.proconsul.core.store.CatalogRegister;
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
import io.proconsul.core.store.Txn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions through a real single-peer {@link RaftStore}: apply, query, TTL expiry, lock delay, restart. */
class SessionStoreTest {

    static final String S1 = "11111111-1111-1111-1111-111111111111";
    static final String S2 = "22222222-2222-2222-2222-222222222222";

    @TempDir
    Path dir;

    private InProcessEventBus bus;
    private RaftStore store;

    @BeforeEach
    void start() throws Exception {
        bus = new InProcessEventBus();
        store = new RaftStore(TestConfigs.dev(dir), bus);
        store.start();
        apply(registerNode("n1", HealthStatus.PASSING));
    }

    @AfterEach
    void stop() {
        store.close();
        bus.close();
    }

    @Test
    void createInfoListNodeDestroyRenewThroughRaft() throws Exception {
        assertThat(apply(new SessionCreate(session(S2, "", 0)))).isEqualTo(S2);
        assertThat(apply(new SessionCreate(session(S1, "", 0)))).isEqualTo(S1);

        QueryResult<List<Session>> list = query(new SessionList());
        assertThat(list.value()).extracting(Session::id).containsExactly(S1, S2);
        assertThat(list.index()).isEqualTo(list.value().get(0).createIndex());
        assertThat(query(new SessionInfo(S2)).value()).extracting(Session::node).containsExactly("n1");
        assertThat(query(new NodeSessions("n1")).value()).hasSize(2);
        assertThat(apply(new SessionRenew(S1))).extracting(Session::id).containsExactly(S1);
        assertThat(apply(new SessionRenew("nope"))).isEmpty();

        assertThat(apply(new SessionDestroy(S1))).isTrue();
        assertThat(apply(new SessionDestroy(S1))).isTrue();
        assertThat(query(new SessionInfo(S1)).value()).isEmpty();
    }

    @Test
    void refusedCreatesFailWithIllegalArgumentAndConsulsText() {
        ExecutionException missingNode = assertThrows(ExecutionException.class,
                () -> store.apply(new SessionCreate(new Session(S1, "", "ghost", 0, "", "", List.of(), null, 0, 0)))
                        .get(10, TimeUnit.SECONDS));
        assertThat(missingNode.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing node registration");
        ExecutionException missingCheck = assertThrows(ExecutionException.class, () -> store.apply(new SessionCreate(
                new Session(S1, "", "n1", 0, "", "", List.of("nope"), null, 0, 0))).get(10, TimeUnit.SECONDS));
        assertThat(missingCheck.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing check 'nope' registration");
    }

    @Test
    void blockingListWakesOnCreate() throws Exception {
        long index = query(new SessionList()).index();
        CompletableFuture<QueryResult<List<Session>>> waiting =
                store.query(new SessionList(), QueryOptions.DEFAULT.blocking(index, Duration.ofSeconds(30)));
        apply(new SessionCreate(session(S1, "", 0)));
        assertThat(waiting.get(10, TimeUnit.SECONDS).value()).extracting(Session::id).containsExactly(S1);
    }

    @Test
    void aCriticalCheckInvalidatesTheSessionAndReleasesItsLock() throws Exception {
        apply(new SessionCreate(session(S1, "", 0)));
        assertThat(apply(lock("k", S1))).isTrue();
        apply(registerNode("n1", HealthStatus.CRITICAL));
        assertThat(query(new SessionList()).value()).isEmpty();
        KvEntry k = query(new KvGet("k")).value().orElseThrow();
        assertThat(k.session()).isEmpty();
        assertThat(k.lockIndex()).isEqualTo(1);
    }

    @Test
    void theLeaderDestroysASessionWhoseTtlLapsedAndRenewalsKeepItAlive() throws Exception {
        apply(new SessionCreate(session(S1, "1s", 0)));
        apply(new SessionCreate(session(S2, "1s", 0)));
        assertThat(apply(lock("k", S1))).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        // S2 renewed every 300 ms outlives S1, which is gone after 1 s x 2.
        while (System.nanoTime() < deadline && !query(new SessionInfo(S1)).value().isEmpty()) {
            apply(new SessionRenew(S2));
            TimeUnit.MILLISECONDS.sleep(300); // pacing the renewals, not a timing assertion
        }
        assertThat(query(new SessionInfo(S1)).value()).isEmpty();
        assertThat(query(new SessionInfo(S2)).value()).hasSize(1);
        assertThat(query(new KvGet("k")).value().orElseThrow().session()).isEmpty();
        Poll.until(Duration.ofSeconds(10), () -> assertThat(query(new SessionInfo(S2)).value()).isEmpty());
    }

    @Test
    void lockDelayRefusesAcquiresOnTheLeaderUntilItPasses() throws Exception {
        apply(new SessionCreate(session(S1, "", Duration.ofSeconds(2).toNanos())));
        apply(new SessionCreate(session(S2, "", 0)));
        assertThat(apply(lock("k", S1))).isTrue();
        // Taken before the destroy: the server starts the delay when it applies it, before the reply arrives.
        long released = System.nanoTime();
        apply(new SessionDestroy(S1));

        assertThat(apply(lock("k", S2))).isFalse();
        TxnResult txn = apply(new Txn(List.of(new KvOp(KvVerb.LOCK, "k", bytes("v"), 0, 0, S2))));
        assertThat(txn.errors()).extracting(e -> e.what()).containsExactly("failed to lock key \"k\" due to lock delay");
        assertThat(query(new KvGet("k")).value().orElseThrow().session()).isEmpty();

        Poll.until(Duration.ofSeconds(10), () -> assertThat(apply(lock("k", S2))).isTrue());
        assertThat(System.nanoTime() - released).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(query(new KvGet("k")).value().orElseThrow().lockIndex()).isEqualTo(2);
    }

    @Test
    void sessionsSurviveARestartAndTheNewLeaderRestartsTheirTimers() throws Exception {
        apply(new SessionCreate(session(S1, "", 0)));
        apply(new SessionCreate(session(S2, "1s", 0)));
        store.close();
        store = new RaftStore(TestConfigs.dev(dir), bus);
        store.start();
        Poll.until(Duration.ofSeconds(10), () -> assertThat(query(new SessionInfo(S1)).value()).hasSize(1));
        Poll.until(Duration.ofSeconds(10), () -> assertThat(query(new SessionInfo(S2)).value()).isEmpty());
        assertThat(query(new SessionList()).value()).extracting(Session::id).containsExactly(S1);
    }

    // ---- helpers ----

    static Session session(String id, String ttl, long lockDelayNanos) {
        return new Session(id, "", "n1", lockDelayNanos, "", ttl, List.of("serfHealth"), null, 0, 0);
    }

    static CatalogRegister registerNode(String node, String serfStatus) {
        HealthCheck serf = new HealthCheck(node, "serfHealth", "Serf Health Status", serfStatus, "", "", "", "",
                List.of(), "", "", "", 0, 0);
        return new CatalogRegister(node, "", "10.0.0.1", null, null, null, List.of(serf), false);
    }

    static KvApply lock(String key, String session) {
        return new KvApply(new KvOp(KvVerb.LOCK, key, bytes("v"), 0, 0, session));
    }

    private <R> R apply(io.proconsul.core.store.Command<R> command) {
        try {
            return store.apply(command).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private <T> QueryResult<T> query(Query<T> q) {
        try {
            return store.query(q, QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
