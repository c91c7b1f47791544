package io.proconsul.raft.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.model.KvEntry;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.Store;
import io.proconsul.raft.Poll;
import io.proconsul.raft.RaftStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes on a follower: a write a follower forwards to the leader is answered as soon as the
 * leader's reply arrives, before the follower has applied it (it learns the commit with the leader's next
 * appendEntries); a {@code ?stale} read on that follower right after it must still see it. Checked for the
 * follower's own writes and for a client agent that only knows that follower (its writes and stale reads
 * go through the follower's client RPC). Several rounds, each with a new value, so that a follower that
 * reads before applying is caught.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnWritesIT {

    private static final QueryOptions STALE = QueryOptions.DEFAULT.withConsistency(Consistency.STALE);
    private static final int ROUNDS = 10;

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
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        clientBus.close();
        servers.close();
    }

    @Test
    void aFollowersStaleReadSeesTheWriteItJustAcknowledged() throws Exception {
        RaftStore follower = servers.follower();
        writeThenReadStale(follower, "own/server");
    }

    @Test
    void aClientAgentsStaleReadThroughTheSameFollowerSeesItsWrite() throws Exception {
        RaftStore follower = servers.follower();
        client = new ServerForwardingStore(TestServers.config(dir.resolve("c"), "client1", false, 0), clientBus);
        client.start();
        // The client knows only this follower: its writes and its stale reads both go there.
        clientBus.publish(new MemberEvent(MemberEvent.Type.JOIN,
                servers.member(servers.stores.indexOf(follower), "dc1"), "lan"));
        Poll.until(Duration.ofSeconds(10), () -> assertThat(client.leader()).isPresent());
        writeThenReadStale(client, "own/client");
    }

    private static void writeThenReadStale(Store store, String key) throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(store.apply(new KvApply(KvOp.set(key, value, 0))).get(15, TimeUnit.SECONDS)).isTrue();
            Optional<KvEntry> read = store.query(new KvGet(key), STALE).get(15, TimeUnit.SECONDS).value();
            assertThat(read).as("stale read right after write %d", i).isPresent();
            assertThat(new String(read.get().value(), StandardCharsets.UTF_8)).isEqualTo("v" + i);
        }
    }
}
