package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.event.InProcessEventBus;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvGet;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.QueryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bootstrapped server grows to three voters as servers join, and shrinks when one leaves. */
class MembershipIT {

    @TempDir
    Path dir;

    private final List<RaftStore> stores = new ArrayList<>();
    private final List<InProcessEventBus> buses = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(RaftStore::close);
        buses.forEach(InProcessEventBus::close);
    }

    @Test
    void leaderAddsJoiningServersAndRemovesALeavingOne() throws Exception {
        RaftStore first = start(TestConfigs.dev(dir.resolve("s0")));
        first.apply(new KvApply(KvOp.set("before", new byte[] {1}, 0))).get(10, TimeUnit.SECONDS);
        RaftStore second = start(TestConfigs.server(dir.resolve("s1"), "server1", 3));
        RaftStore third = start(TestConfigs.server(dir.resolve("s2"), "server2", 3));

        for (RaftStore joining : List.of(second, third)) {
            joining.membership().join();
            // Whoever leads at the moment adds it (leadership may move on a loaded machine).
            Poll.result(Duration.ofSeconds(20),
                    () -> currentLeader().membership().addVoter(joining.self()).get(15, TimeUnit.SECONDS));
        }
        for (RaftStore s : stores) {
            Poll.until(Duration.ofSeconds(10), () -> {
                assertThat(s.peers()).hasSize(3);
                assertThat(s.leader()).isEqualTo(currentLeader().leader());
                assertThat(s.query(new KvGet("before"), QueryOptions.DEFAULT.withConsistency(Consistency.STALE))
                        .join().value()).isPresent();
            });
        }
        // A write through a new member is replicated like any other.
        assertThat(third.apply(new KvApply(KvOp.set("after", null, 0))).get(10, TimeUnit.SECONDS)).isTrue();

        Poll.result(Duration.ofSeconds(20),
                () -> currentLeader().membership().removeVoter(third.self().getId()).get(15, TimeUnit.SECONDS));
        Poll.until(Duration.ofSeconds(10), () -> {
            assertThat(first.peers()).hasSize(2).doesNotContain(third.self().getAddress());
            assertThat(second.peers()).hasSize(2);
        });
    }

    private RaftStore currentLeader() {
        return stores.stream().filter(s -> "Leader".equals(s.raftStats().get("state"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no leader right now"));
    }

    private RaftStore start(io.proconsul.core.config.AgentConfig config) throws Exception {
        InProcessEventBus bus = new InProcessEventBus();
        buses.add(bus);
        RaftStore s = new RaftStore(config, bus);
        stores.add(s);
        s.start();
        return s;
    }
}
