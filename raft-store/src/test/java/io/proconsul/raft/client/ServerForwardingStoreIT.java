package io.proconsul.raft.client;

import io.proconsul.raft.Poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.operator.RaftServer;
import io.proconsul.core.model.TxnResult;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvKeys;
import io.proconsul.core.store.KvList;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.KvVerb;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.TxnRead;
import io.proconsul.raft.RaftStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client agent's store against three real servers on loopback: it learns them from member events,
 * forwards writes, reads (all three consistency modes, blocking queries) and operator calls, and follows a
 * new leader.
 * The servers are shared by the tests, in order; the last one takes their leader away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerForwardingStoreIT {

    private static final QueryOptions STALE = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);
    private static final QueryOptions CONSISTENT = QueryOptions.DEFAULT.withConsistency(Consistency.CONSISTENT);

    @TempDir
    static Path dir;

    private TestServers servers;
    private final InProcessEventBus clientBus = new InProcessEventBus();
    private ServerForwardingStore client;

    @BeforeAll
    void startCluster() throws Exception {
        servers = TestServers.start(dir, 3);
        for (RaftStore s : servers.stores) {
            Poll.until(Duration.ofSeconds(20), () -> {
                assertThat(s.peers()).hasSize(3);
                assertThat(s.leader()).isPresent();
            });
        }
        client = new ServerForwardingStore(TestServers.config(dir.resolve("c"), "client1", false, 0), clientBus);
        client.start();
        servers.announce(clientBus, MemberEvent.Type.JOIN);
        Poll.until(Duration.ofSeconds(10), () -> assertThat(client.leader()).isPresent());
    }

    @AfterAll
    void stop() {
        client.close();
        clientBus.close();
        servers.close();
    }

    @Test
    @Order(1)
    void writesAndReadsGoThroughTheServersInEveryConsistencyMode() throws Exception {
        assertThat(apply(KvOp.set("web/a", new byte[] {1}, 42))).isTrue();
        KvEntry onServer = servers.leader().query(new KvGet("web/a"), CONSISTENT).get(10, TimeUnit.SECONDS)
                .value().orElseThrow();
        assertThat(onServer.flags()).isEqualTo(42);

        for (QueryOptions mode : List.of(QueryOptions.DEFAULT, CONSISTENT, STALE)) {
            QueryResult<Optional<KvEntry>> r = get("web/a", mode);
            assertThat(r.value()).contains(onServer);
            assertThat(r.index()).isEqualTo(onServer.modifyIndex());
            assertThat(r.consistency()).isEqualTo(mode.consistency());
            assertThat(r.knownLeader()).isTrue();
        }
        // The leader answers default and consistent reads, so it reports no time since contact.
        assertThat(get("web/a", QueryOptions.DEFAULT).lastContactMillis()).isZero();

        apply(KvOp.set("web/b/c", null, 0));
        // A stale read may come from a follower that has not applied the write yet, but soon has.
        Poll.until(Duration.ofSeconds(5), () -> assertThat(client.query(new KvList("web/"), STALE).join().value())
                .extracting(KvEntry::key).containsExactly("web/a", "web/b/c"));
        assertThat(client.query(new KvKeys("web/", "/"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value())
                .containsExactly("web/a", "web/b/");
        TxnResult txn = client.query(new TxnRead(List.of(new KvOp(KvVerb.GET, "web/a", null, 0, 0, ""))),
                QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).value();
        assertThat(txn.results()).containsExactly(onServer);

        // Business outcomes travel back as the server decided them.
        assertThat(apply(KvOp.cas("web/a", null, 0, onServer.modifyIndex() + 100))).isFalse();
        assertThat(get("web/missing", QueryOptions.DEFAULT).value()).isEmpty();

        Poll.until(Duration.ofSeconds(10), () -> {
            assertThat(client.leader()).isEqualTo(servers.leader().leader());
            assertThat(client.peers()).containsExactlyInAnyOrderElementsOf(servers.leader().peers());
        });
        assertThat(client.raftStats()).isEmpty();
    }

    @Test
    @Order(2)
    void blockingQueryIsWokenByAWriteOnAServer() throws Exception {
        long index = apply(KvOp.set("watched", new byte[] {1}, 0)) ? get("watched", CONSISTENT).index() : 0;
        byte value = 2;
        for (QueryOptions mode : List.of(QueryOptions.DEFAULT, STALE)) {
            value++;
            CompletableFuture<QueryResult<Optional<KvEntry>>> waiting =
                    client.query(new KvGet("watched"), mode.blocking(index, Duration.ofSeconds(30)));
            // Writes elsewhere move the applied index and make it read again, but its key did not change.
            apply(KvOp.set("unrelated", null, 0));
            Thread.sleep(300);
            assertThat(waiting).isNotDone();

            // A new value: setting the same one again would keep the ModifyIndex, as in Consul.
            assertThat(servers.follower().apply(new KvApply(KvOp.set("watched", new byte[] {value}, 0)))
                    .get(10, TimeUnit.SECONDS)).isTrue();
            long written = System.nanoTime();
            QueryResult<Optional<KvEntry>> woken = waiting.get(10, TimeUnit.SECONDS);
            long lagMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
            assertThat(woken.index()).isGreaterThan(index);
            assertThat(woken.value().orElseThrow().value()).containsExactly(value);
            assertThat(woken.consistency()).isEqualTo(mode.consistency());
            assertThat(lagMillis).as("wake-up after the write").isLessThan(500);
            index = woken.index();
        }
    }

    @Test
    @Order(3)
    void blockingQueryWithoutChangeAnswersTheSameIndexWhenTheWaitEnds() throws Exception {
        long index = get("watched", CONSISTENT).index();
        long start = System.nanoTime();
        QueryResult<Optional<KvEntry>> r = client.query(new KvGet("watched"),
                QueryOptions.DEFAULT.blocking(index, Duration.ofMillis(1000))).get(10, TimeUnit.SECONDS);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.index()).isEqualTo(index);
        assertThat(r.value().orElseThrow().value()).containsExactly(4);
        // The wait plus at most 1/16 of jitter, plus a poll interval and a read.
        assertThat(took).isBetween(1000L, 1000L + 1000 / 16 + 500);
    }

    @Test
    @Order(4)
    void operatorCallsAreAnsweredByTheServers() throws Exception {
        RaftStore leader = servers.leader();
        RaftConfiguration conf = client.raftConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(conf.servers()).extracting(RaftServer::id)
                .containsExactlyInAnyOrder("server1", "server2", "server3");
        assertThat(conf.servers()).filteredOn(RaftServer::leader).extracting(RaftServer::address)
                .containsExactly(leader.leader().orElseThrow());

        AutopilotConfig before = client.autopilotConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(before).isEqualTo(leader.autopilotConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS));
        AutopilotConfig changed = new AutopilotConfig(before.cleanupDeadServers(), before.lastContactThreshold(),
                before.maxTrailingLogs(), 2, before.serverStabilizationTime(), 0, 0);
        assertThat(client.setAutopilotConfiguration(changed, before.modifyIndex() + 1000).get(10, TimeUnit.SECONDS))
                .isFalse();
        assertThat(client.setAutopilotConfiguration(changed, before.modifyIndex()).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.autopilotConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).minQuorum())
                .isEqualTo(2);

        assertThat(client.autopilotHealth(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS).servers()).hasSize(3);
        ExecutionException unknown = assertThrows(ExecutionException.class,
                () -> client.removeRaftPeer("nope", "").get(10, TimeUnit.SECONDS));
        assertThat(unknown.getCause()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id \"nope\" was not found in the Raft configuration");
    }

    @Test
    @Order(5)
    void writesSucceedOnceANewLeaderIsElected() throws Exception {
        RaftStore old = servers.leader();
        String oldAddress = old.leader().orElseThrow();
        old.close();
        // The client still believes in the old leader: the write must find the new one by itself.
        assertThat(apply(KvOp.set("after-loss", new byte[] {3}, 0))).isTrue();
        assertThat(get("after-loss", CONSISTENT).value()).isPresent();
        Poll.until(Duration.ofSeconds(10), () -> assertThat(client.leader()).isPresent().isNotEqualTo(
                Optional.of(oldAddress)));
    }

    @Test
    @Order(6)
    void withoutKnownServersEverythingFailsWithNoClusterLeader() throws Exception {
        InProcessEventBus bus = new InProcessEventBus();
        try (ServerForwardingStore lonely =
                new ServerForwardingStore(TestServers.config(dir.resolve("c3"), "client3", false, 0), bus)) {
            lonely.start();
            // A server of another datacenter is no server of ours.
            bus.publish(new MemberEvent(MemberEvent.Type.JOIN, servers.member(1, "dc2"), "lan"));
            ExecutionException write = assertThrows(ExecutionException.class,
                    () -> lonely.apply(new KvApply(KvOp.set("k", null, 0))).get(10, TimeUnit.SECONDS));
            assertThat(write.getCause()).isInstanceOf(NoClusterLeaderException.class)
                    .hasMessage("No cluster leader");
            ExecutionException read = assertThrows(ExecutionException.class,
                    () -> lonely.query(new KvGet("k"), QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS));
            assertThat(read.getCause()).isInstanceOf(NoClusterLeaderException.class);
            assertThat(lonely.leader()).isEmpty();
            assertThat(lonely.peers()).isEmpty();
        } finally {
            bus.close();
        }
    }

    @Test
    @Order(7)
    void withNoServerAnsweringRequestsFailAfterTheHoldTimeout() throws Exception {
        servers.stores.forEach(RaftStore::close);
        long start = System.nanoTime();
        CompletableFuture<Boolean> write = client.apply(new KvApply(KvOp.set("k", null, 0)));
        CompletableFuture<QueryResult<Optional<KvEntry>>> read = client.query(new KvGet("k"), STALE);
        ExecutionException w = assertThrows(ExecutionException.class, () -> write.get(15, TimeUnit.SECONDS));
        ExecutionException r = assertThrows(ExecutionException.class, () -> read.get(15, TimeUnit.SECONDS));
        assertThat(w.getCause()).isInstanceOf(NoClusterLeaderException.class);
        assertThat(r.getCause()).isInstanceOf(NoClusterLeaderException.class);
        // Consul's RPC hold timeout: tried again and again for 7 s, then given up.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(6500L, 10_000L);
    }

    private boolean apply(KvOp op) throws Exception {
        return client.apply(new KvApply(op)).get(15, TimeUnit.SECONDS);
    }

    private QueryResult<Optional<KvEntry>> get(String key, QueryOptions options) throws Exception {
        return client.query(new KvGet(key), options).get(15, TimeUnit.SECONDS);
    }
}
