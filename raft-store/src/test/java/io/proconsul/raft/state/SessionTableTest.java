package io.proconsul.raft.state;

import static io.proconsul.raft.state.CatalogTableTest.check;
import static io.proconsul.raft.state.CatalogTableTest.node;
import static io.proconsul.raft.state.CatalogTableTest.svc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.session.ServiceCheck;
import io.proconsul.core.session.Session;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sessions table against Consul's state store behaviour (session_test.go), with explicit Raft indexes. */
class SessionTableTest {

    static final String S1 = "11111111-1111-1111-1111-111111111111";
    static final String S2 = "22222222-2222-2222-2222-222222222222";
    static final String S3 = "33333333-3333-3333-3333-333333333333";

    @TempDir
    Path dir;

    private StateStore store;
    private SessionTable sessions;
    private CatalogTable catalog;
    private final List<WriteTx.Changes> commits = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = new StateStore(dir);
        sessions = new SessionTable(store);
        catalog = new CatalogTable(store);
        store.onCommit(commits::add);
        catalog.ensureRegistration(1, withChecks("n1", check("n1", "serfHealth", "", HealthStatus.PASSING)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Stream<Arguments> refusedCreates() {
        return Stream.of(
                Arguments.of(session(S1, "missing", List.of()), "Missing node registration"),
                Arguments.of(session(S1, "n1", List.of("serfHealth", "nope")), "Missing check 'nope' registration"),
                Arguments.of(session(S1, "n1", List.of("down")), "Check 'down' is in critical state"),
                Arguments.of(new Session(S1, "", "n1", 0, "bogus", "", List.of(), null, 0, 0),
                        "Invalid session behavior: bogus"),
                Arguments.of(new Session("", "", "n1", 0, "", "", List.of(), null, 0, 0), "Missing session ID"),
                Arguments.of(new Session(S1, "", "n1", 0, "", "", List.of(), List.of(ServiceCheck.of("web-check")),
                        0, 0), "Missing check 'web-check' registration"));
    }

    @ParameterizedTest
    @MethodSource("refusedCreates")
    void createRefusesWithConsulsTextsAndWritesNothing(Session s, String text) {
        catalog.ensureRegistration(2, withChecks("n1", check("n1", "down", "", HealthStatus.CRITICAL)));
        SessionOpException e = assertThrows(SessionOpException.class, () -> sessions.sessionCreate(3, s));
        assertThat(e).hasMessage(text);
        assertThat(sessions.list().value()).isEmpty();
        assertThat(sessions.list().index()).isZero();
    }

    @Test
    void createStoresWithIndexesAndReadsAnswerWithTheTableIndexOrderedById() {
        catalog.ensureRegistration(2, node("n2", "10.0.0.2"));
        assertThat(sessions.sessionCreate(3, session(S2, "n1", List.of("serfHealth")))).isEqualTo(S2);
        sessions.sessionCreate(4, session(S3, "n2", List.of()));
        sessions.sessionCreate(5, session(S1, "N1", List.of()));

        assertThat(sessions.list().value()).extracting(Session::id).containsExactly(S1, S2, S3);
        assertThat(sessions.list().index()).isEqualTo(5);
        Session s2 = sessions.info(S2).value().get(0);
        assertThat(s2.createIndex()).isEqualTo(3);
        assertThat(s2.modifyIndex()).isEqualTo(3);
        assertThat(s2.nodeChecks()).containsExactly("serfHealth");
        assertThat(sessions.info(S2.toUpperCase()).value()).containsExactly(s2);
        assertThat(sessions.info("missing").value()).isEmpty();
        assertThat(sessions.info("missing").index()).isEqualTo(5);
        assertThat(sessions.nodeSessions("n1").value()).extracting(Session::id).containsExactly(S1, S2);
        assertThat(sessions.nodeSessions("n2").value()).extracting(Session::id).containsExactly(S3);
        assertThat(sessions.nodeSessions("n").value()).isEmpty();
        assertThat(commits.get(commits.size() - 1).tables()).containsExactly("sessions");
    }

    @Test
    void lockFollowsConsulsKvsLockTxn() {
        sessions.sessionCreate(2, session(S1, "n1", List.of()));
        sessions.sessionCreate(3, session(S2, "n1", List.of()));
        KvOpException invalid = assertThrows(KvOpException.class, () -> locked(4, "k", "v", S3));
        assertThat(invalid).hasMessage("invalid session \"" + S3 + "\"");

        var first = locked(5, "k", "v1", S1);
        assertThat(first.lockIndex()).isEqualTo(1);
        assertThat(first.session()).isEqualTo(S1);
        assertThat(first.createIndex()).isEqualTo(5);

        var again = locked(6, "k", "v2", S1);
        assertThat(again.lockIndex()).isEqualTo(1);
        assertThat(again.modifyIndex()).isEqualTo(6);
        assertThat(new String(again.value())).isEqualTo("v2");

        assertThat(locked(7, "k", "v3", S2)).isNull();
        assertThat(unlocked(8, "k", "v4", S2)).isNull();
        var released = unlocked(9, "k", "v4", S1);
        assertThat(released.session()).isEmpty();
        assertThat(released.lockIndex()).isEqualTo(1);

        var second = locked(10, "k", "v5", S2);
        assertThat(second.lockIndex()).isEqualTo(2);
        assertThat(second.session()).isEqualTo(S2);
        assertThat(second.createIndex()).isEqualTo(5);
    }

    @Test
    void destroyReleasesHeldKeysKeepingLockIndexAndRecordsTheLockDelay() {
        sessions.sessionCreate(2, new Session(S1, "", "n1", Duration.ofSeconds(90).toNanos(), "release", "", List.of(),
                null, 0, 0));
        locked(3, "a", "1", S1);
        locked(4, "b", "2", S1);
        unlocked(5, "b", "2", S1);
        write(6, tx -> {
            KvTable.setInBatch(tx, "plain", "x".getBytes(), 0);
            return null;
        });

        sessions.sessionDestroy(7, S1);

        var a = new KvTable(store).kvGet("a").value().orElseThrow();
        assertThat(a.session()).isEmpty();
        assertThat(a.modifyIndex()).isEqualTo(7);
        assertThat(a.lockIndex()).isEqualTo(1);
        assertThat(new String(a.value())).isEqualTo("1");
        assertThat(new KvTable(store).kvGet("b").value().orElseThrow().modifyIndex()).isEqualTo(5);
        assertThat(sessions.info(S1).value()).isEmpty();
        assertThat(sessions.list().index()).isEqualTo(7);
        WriteTx.Changes last = commits.get(commits.size() - 1);
        assertThat(last.tables()).contains("sessions", "kvs");
        assertThat(last.keys()).containsExactly("a");
        // Capped at Consul's MaxLockDelay (60 s).
        assertThat(last.sessionEffects().lockDelays()).containsExactlyEntriesOf(
                java.util.Map.of("a", Duration.ofSeconds(60).toNanos()));
        assertThat(last.sessionEffects().ended()).containsExactly(S1);

        commits.clear();
        sessions.sessionDestroy(8, S1);
        assertThat(commits).isEmpty();
    }

    @Test
    void destroyWithBehaviorDeleteDeletesHeldKeys() {
        sessions.sessionCreate(2, new Session(S1, "", "n1", 0, "delete", "", List.of(), null, 0, 0));
        locked(3, "a", "1", S1);
        sessions.sessionDestroy(4, S1);
        assertThat(new KvTable(store).kvGet("a").value()).isEmpty();
        assertThat(commits.get(commits.size() - 1).sessionEffects().lockDelays()).isEmpty();
    }

    @Test
    void aKeyDeletedOrRetakenIsNotTouchedByTheOldHoldersInvalidation() {
        sessions.sessionCreate(2, session(S1, "n1", List.of()));
        locked(3, "gone", "1", S1);
        locked(4, "tree/x", "1", S1);
        write(5, tx -> {
            KvTable.deleteInBatch(tx, "gone");
            KvTable.deleteTreeInBatch(tx, "tree/");
            return null;
        });
        sessions.sessionDestroy(6, S1);
        assertThat(new KvTable(store).kvList("").value()).isEmpty();
        assertThat(commits.get(commits.size() - 1).sessionEffects().lockDelays()).isEmpty();
    }

    @Test
    void aCheckGoingCriticalInvalidatesItsSessionsInTheSameWrite() {
        catalog.ensureRegistration(2, withChecks("n1", check("n1", "other", "", HealthStatus.PASSING)));
        sessions.sessionCreate(3, session(S1, "n1", List.of("serfHealth")));
        sessions.sessionCreate(4, session(S2, "n1", List.of("other")));
        locked(5, "k", "v", S1);

        catalog.ensureRegistration(6, withChecks("n1", check("n1", "serfHealth", "", HealthStatus.WARNING)));
        assertThat(sessions.list().value()).extracting(Session::id).containsExactly(S1, S2);

        catalog.ensureRegistration(7, withChecks("n1", check("n1", "serfHealth", "", HealthStatus.CRITICAL)));
        assertThat(sessions.list().value()).extracting(Session::id).containsExactly(S2);
        var k = new KvTable(store).kvGet("k").value().orElseThrow();
        assertThat(k.session()).isEmpty();
        assertThat(k.modifyIndex()).isEqualTo(7);
        assertThat(commits.get(commits.size() - 1).tables()).contains("checks", "sessions", "kvs");
    }

    @Test
    void deregisteringACheckOrTheNodeInvalidatesItsSessions() {
        catalog.ensureRegistration(2, node("n2", "10.0.0.2"));
        catalog.ensureRegistration(3, withChecks("n1", check("n1", "other", "", HealthStatus.PASSING)));
        catalog.ensureRegistration(4, new CatalogRegister("n1", "", "10.0.0.1", null, null, svc("web", "web"),
                List.of(check("n1", "web-check", "web", HealthStatus.PASSING)), false));
        sessions.sessionCreate(5, session(S1, "n1", List.of("other")));
        sessions.sessionCreate(6, new Session(S2, "", "n1", 0, "", "", List.of(),
                List.of(ServiceCheck.of("web-check")), 0, 0));
        sessions.sessionCreate(7, session(S3, "n2", List.of()));

        write(8, tx -> new CatalogTable(store).apply(tx, new CatalogDeregister("n1", "", "other")));
        assertThat(sessions.list().value()).extracting(Session::id).containsExactly(S2, S3);
        write(9, tx -> new CatalogTable(store).apply(tx, new CatalogDeregister("n1", "web", "")));
        assertThat(sessions.list().value()).extracting(Session::id).containsExactly(S3);
        write(10, tx -> new CatalogTable(store).apply(tx, new CatalogDeregister("n2", "", "")));
        assertThat(sessions.list().value()).isEmpty();
        assertThat(sessions.list().index()).isEqualTo(10);
    }

    @Test
    void renewChangesNoTableButRestartsTheTtl() {
        sessions.sessionCreate(2, new Session(S1, "", "n1", 0, "", "15s", List.of(), null, 0, 0));
        assertThat(commits.get(commits.size() - 1).sessionEffects().ttlStarted())
                .containsExactlyEntriesOf(java.util.Map.of(S1, Duration.ofSeconds(15)));
        commits.clear();
        assertThat(renewed(3, S1)).extracting(Session::id).containsExactly(S1);
        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).tables()).isEmpty();
        assertThat(commits.get(0).sessionEffects().ttlStarted()).containsKey(S1);
        assertThat(renewed(4, S2)).isEmpty();
        assertThat(sessions.list().index()).isEqualTo(2);
    }

    @Test
    void sessionsSurviveARestart() throws Exception {
        sessions.sessionCreate(2, session(S1, "n1", List.of("serfHealth")));
        locked(3, "k", "v", S1);
        store.close();
        store = new StateStore(dir);
        sessions = new SessionTable(store);
        assertThat(sessions.info(S1).value()).extracting(Session::node).containsExactly("n1");
        assertThat(sessions.list().index()).isEqualTo(2);
        sessions.sessionDestroy(4, S1);
        assertThat(new KvTable(store).kvGet("k").value().orElseThrow().session()).isEmpty();
    }

    // ---- helpers ----

    static Session session(String id, String node, List<String> nodeChecks) {
        return new Session(id, "", node, 0, "", "", nodeChecks, null, 0, 0);
    }

    private static CatalogRegister withChecks(String node, HealthCheck... checks) {
        return CatalogTableTest.withChecks(node, checks);
    }

    private KvEntry locked(long idx, String key, String value, String session) {
        return this.<KvEntry>write(idx, tx -> KvTable.lockInBatch(tx, key, value.getBytes(), 0, session));
    }

    private KvEntry unlocked(long idx, String key, String value, String session) {
        return this.<KvEntry>write(idx, tx -> KvTable.unlockInBatch(tx, key, value.getBytes(), 0, session));
    }

    private List<Session> renewed(long idx, String id) {
        return this.<List<Session>>write(idx, tx -> sessions.renew(tx, id));
    }

    private <T> T write(long idx, Function<WriteTx, T> op) {
        try (WriteTx tx = store.begin(0, idx)) {
            T result = op.apply(tx);
            store.commit(tx);
            return result;
        }
    }
}
