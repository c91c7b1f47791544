package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.ServerHealth;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.KvApply;
import io.proconsul.core.store.KvOp;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.QueryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autopilot on real servers: its settings in the replicated state, health, dead-server cleanup, promotion.
 *
 * <p>The cleanup tests run a cluster on two of its three servers for seconds and write to it meanwhile. Its
 * leader then keeps its lease only while the one other server answers within the maximum election timeout
 * (Ratis steps down otherwise), so a starved machine makes the two elect again and again, and a write that
 * finds no leader for Consul's 7 s hold time fails with "No cluster leader". These servers run at
 * {@code raft_multiplier} 5, Consul's default (a 1 s lease, where the other cluster tests' 3 give 600 ms),
 * and a failed write reports what each server saw.
 */
class AutopilotIT {

    @TempDir
    Path dir;

    private final Servers servers = new Servers();

    @AfterEach
    void stop() {
        servers.close();
    }

    private static AutopilotConfig config(boolean cleanup, int minQuorum, Duration stabilization) {
        // LastContactThreshold 1 s: past the 250 ms heartbeats of raft_multiplier 5 with room for a pause.
        return new AutopilotConfig(cleanup, Duration.ofSeconds(1), 250, minQuorum, stabilization, 0, 0);
    }

    private List<RaftStore> threeServers(int raftMultiplier) throws Exception {
        for (int i = 0; i < 3; i++) {
            servers.start(TestConfigs.server(dir.resolve("s" + i), "server" + i, 3, raftMultiplier));
        }
        servers.gossip(MemberEvent.Type.JOIN, servers.stores);
        return List.copyOf(servers.stores);
    }

    @Test
    void theLeaderStoresTheDefaultsAndUpdatesAreCheckedAndSetOnModifyIndex() throws Exception {
        RaftStore dev = servers.start(TestConfigs.dev(dir.resolve("d")));
        // Nothing is stored until the leader's autopilot stores the defaults (Consul's getOrCreateAutopilotConfig).
        Poll.until(Duration.ofSeconds(10), () -> assertThat(dev.storedAutopilotConfig()).isPresent());
        AutopilotConfig stored = dev.autopilotConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(stored).isEqualTo(dev.storedAutopilotConfig().orElseThrow());
        assertThat(stored.createIndex()).isPositive();
        assertThat(Autopilot.withIndexes(stored, 0)).isEqualTo(AutopilotConfig.DEFAULTS);
        assertThat(stored.modifyIndex()).isEqualTo(stored.createIndex());

        AutopilotConfig wanted = config(false, 3, Duration.ofSeconds(5));
        assertThat(dev.setAutopilotConfiguration(wanted, stored.modifyIndex() + 100).get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(dev.setAutopilotConfiguration(wanted, stored.modifyIndex()).get(10, TimeUnit.SECONDS)).isTrue();

        AutopilotConfig after = dev.autopilotConfiguration(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(Autopilot.withIndexes(after, 0)).isEqualTo(wanted);
        assertThat(after.createIndex()).isEqualTo(stored.createIndex());
        assertThat(after.modifyIndex()).isGreaterThan(stored.modifyIndex());
        assertThat(dev.setAutopilotConfiguration(wanted, stored.modifyIndex()).get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(dev.setAutopilotConfiguration(AutopilotConfig.DEFAULTS, -1).get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theLeaderReportsEveryServersHealth() throws Exception {
        // Multiplier 3: heartbeats every 150 ms, inside the 200 ms last contact checked below.
        List<RaftStore> all = threeServers(3);
        RaftStore leader = servers.awaitLeader(all, 3);
        leader.apply(new KvApply(KvOp.set("k", null, 0))).get(10, TimeUnit.SECONDS);

        AutopilotHealth health = Servers.eventually(Duration.ofSeconds(10), () -> {
            AutopilotHealth h = leader.autopilotHealth(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
            assertThat(h.healthy()).isTrue();
            // Match indexes move with the followers' acknowledgements of the write.
            assertThat(h.servers()).allSatisfy(s -> assertThat(s.lastIndex()).isPositive());
            return h;
        });

        assertThat(health.failureTolerance()).isEqualTo(1);
        assertThat(health.servers()).hasSize(3).allSatisfy(s -> {
            assertThat(s.name()).isEqualTo("node-" + s.id());
            assertThat(s.serfStatus()).isEqualTo("alive");
            assertThat(s.version()).isEqualTo("1.10.0");
            assertThat(s.voter()).isTrue();
            assertThat(s.lastIndex()).isPositive();
            assertThat(s.lastContact()).isLessThanOrEqualTo(Duration.ofMillis(200));
            assertThat(s.stableSince()).isNotNull();
        });
        assertThat(health.servers()).filteredOn(ServerHealth::leader).singleElement()
                .satisfies(s -> assertThat(s.address()).isEqualTo(leader.self().getAddress()));
        // A follower asks the leader; with ?stale it answers itself, and only the leader knows the answer.
        RaftStore follower = servers.followers(all, leader).get(0);
        AutopilotHealth viaFollower = follower.autopilotHealth(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(viaFollower.servers()).extracting(ServerHealth::id)
                .containsExactlyInAnyOrderElementsOf(health.servers().stream().map(ServerHealth::id).toList());
        assertThat(viaFollower.failureTolerance()).isEqualTo(1);
        ExecutionException e = assertThrows(ExecutionException.class, () -> follower.autopilotHealth(
                QueryOptions.DEFAULT.withConsistency(Consistency.STALE)).get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isInstanceOf(NoClusterLeaderException.class);
    }

    @Test
    void aFailedServerIsCleanedUpWhileQuorumHolds() throws Exception {
        List<RaftStore> all = threeServers(5);
        RaftStore leader = servers.awaitLeader(all, 3);
        RaftStore dead = servers.followers(all, leader).get(0);
        dead.close();
        servers.gossip(MemberEvent.Type.FAILED, List.of(dead));

        Poll.until(Duration.ofSeconds(20), () -> assertThat(leader.peers()).hasSize(2)
                .doesNotContain(dead.self().getAddress()));
        AutopilotHealth health = leader.autopilotHealth(QueryOptions.DEFAULT).get(10, TimeUnit.SECONDS);
        assertThat(health.servers()).hasSize(2);
        assertThat(write(leader.apply(new KvApply(KvOp.set("k", null, 0))), all)).isTrue();
    }

    @Test
    void minQuorumKeepsAFailedServerUntilLowered() throws Exception {
        List<RaftStore> all = threeServers(5);
        RaftStore leader = servers.awaitLeader(all, 3);
        assertThat(leader.setAutopilotConfiguration(config(true, 3, Duration.ofSeconds(10)), -1)
                .get(10, TimeUnit.SECONDS)).isTrue();
        RaftStore dead = servers.followers(all, leader).get(0);
        dead.close();
        servers.gossip(MemberEvent.Type.FAILED, List.of(dead));
        // Leadership may move between the two left meanwhile: whichever server leads, `leader` forwards to it.
        Servers.eventually(Duration.ofSeconds(10), () -> assertThat(leader.autopilotHealth(QueryOptions.DEFAULT)
                .get(10, TimeUnit.SECONDS).failureTolerance()).isZero());

        // Several autopilot passes see the failed server; MinQuorum 3 keeps it.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * Autopilot.TICK_MS);
        while (System.nanoTime() < until) {
            assertThat(leader.peers()).hasSize(3);
            Thread.sleep(50);
        }
        assertThat(write(leader.setAutopilotConfiguration(config(true, 0, Duration.ofSeconds(10)), -1), all))
                .isTrue();
        Poll.until(Duration.ofSeconds(20), () -> assertThat(leader.peers()).hasSize(2));
    }

    /**
     * The answer of a write to a cluster with a server down; if it fails, the failure says which server
     * each live one took for the leader, and in which term, so that a lost election tells from a lost write.
     */
    private static <T> T write(java.util.concurrent.CompletableFuture<T> write, List<RaftStore> all)
            throws Exception {
        try {
            return write.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            List<String> seen = all.stream().filter(s -> !s.raftStats().isEmpty())
                    .map(s -> s.self().getId() + ": " + s.raftStats().get("state") + " term "
                            + s.raftStats().get("term") + ", leader " + s.leader().orElse("none"))
                    .toList();
            throw new AssertionError("write failed: " + e.getCause() + "; servers: " + seen, e);
        }
    }

    @Test
    void aJoiningServerBecomesAVoterOnlyAfterTheStabilizationTime() throws Exception {
        RaftStore boot = servers.start(TestConfigs.bootstrapServer(dir.resolve("b"), "boot"));
        Poll.until(Duration.ofSeconds(10), () -> assertThat(boot.leader()).isPresent());
        Duration stabilization = Duration.ofSeconds(3);
        assertThat(boot.setAutopilotConfiguration(config(true, 0, stabilization), -1).get(10, TimeUnit.SECONDS))
                .isTrue();
        RaftStore joiner = servers.start(TestConfigs.server(dir.resolve("j"), "joiner", 0));
        long joined = System.nanoTime();
        servers.gossip(MemberEvent.Type.JOIN, servers.stores);

        Poll.until(Duration.ofSeconds(20), () -> assertThat(boot.peers()).hasSize(2));

        assertThat(Duration.ofNanos(System.nanoTime() - joined)).isGreaterThanOrEqualTo(stabilization);
        Poll.until(Duration.ofSeconds(10), () -> assertThat(joiner.leader()).isEqualTo(boot.leader()));
    }
}
