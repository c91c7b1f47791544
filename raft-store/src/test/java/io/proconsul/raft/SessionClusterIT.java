package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.SessionCreate;
import io.proconsul.core.store.SessionDestroy;
import io.proconsul.core.store.SessionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions on three servers: created through a follower, expired by the leader's TTL timer, expired by the
 * next leader after the old one is killed (it restarts every timer when it takes over), and the leader's
 * lock-delay check also holding for writes a follower forwards.
 */
class SessionClusterIT {

    static final String S1 = "11111111-1111-1111-1111-111111111111";
    static final String S2 = "22222222-2222-2222-2222-222222222222";
    static final String S3 = "33333333-3333-3333-3333-333333333333";
    static final String S4 = "44444444-4444-4444-4444-444444444444";

    @TempDir
    Path dir;

    private final Servers servers = new Servers();

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void theLeaderExpiresTtlSessionsAndANewLeaderTakesTheTimersOver() throws Exception {
        List<RaftStore> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            all.add(servers.start(TestConfigs.server(dir.resolve("s" + i), "server" + i, 3)));
        }
        List<RaftPeer> peers = all.stream().map(RaftStore::self).toList();
        for (RaftStore s : all) {
            s.bootstrap(peers);
        }
        RaftStore leader = servers.awaitLeader(all, 3);
        RaftStore follower = servers.followers(all, leader).get(0);
        apply(follower, SessionStoreTest.registerNode("n1", HealthStatus.PASSING));

        // Created through a follower, expired by the leader after 1 s x 2.
        apply(follower, new SessionCreate(SessionStoreTest.session(S1, "1s", 0)));
        assertThat(read(follower, new SessionInfo(S1))).hasSize(1);
        Poll.until(Duration.ofSeconds(15), () -> assertThat(read(follower, new SessionInfo(S1))).isEmpty());

        // A follower's acquire meets the leader's lock-delay check.
        apply(follower, new SessionCreate(SessionStoreTest.session(S2, "", Duration.ofSeconds(30).toNanos())));
        apply(follower, new SessionCreate(SessionStoreTest.session(S3, "", 0)));
        assertThat(apply(follower, SessionStoreTest.lock("k", S2))).isTrue();
        apply(follower, new SessionDestroy(S2));
        assertThat(apply(follower, SessionStoreTest.lock("k", S3))).isFalse();
        assertThat(read(follower, new KvGet("k")).orElseThrow().session()).isEmpty();

        // A session the old leader timed is expired by the next one, which restarts the timer when it takes over.
        apply(follower, new SessionCreate(SessionStoreTest.session(S4, "4s", 0)));
        leader.close();
        List<RaftStore> survivors = servers.followers(all, leader);
        RaftStore next = Servers.eventually(Duration.ofSeconds(30), () -> {
            RaftStore l = survivors.stream().filter(s -> "Leader".equals(s.raftStats().get("state"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no new leader yet"));
            assertThat(read(l, new SessionInfo(S3))).hasSize(1);
            return l;
        });
        assertThat(next).isNotSameAs(leader);
        Poll.until(Duration.ofSeconds(30), () -> assertThat(read(next, new SessionInfo(S4))).isEmpty());
        assertThat(read(next, new SessionInfo(S3))).hasSize(1);
    }

    private static <R> R apply(RaftStore s, Command<R> command) throws Exception {
        return s.apply(command).get(15, TimeUnit.SECONDS);
    }

    private static <T> T read(RaftStore s, Query<T> q) {
        try {
            return s.query(q, QueryOptions.DEFAULT.withConsistency(Consistency.DEFAULT)).get(15, TimeUnit.SECONDS)
                    .value();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
