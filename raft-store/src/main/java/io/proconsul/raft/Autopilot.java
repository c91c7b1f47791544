package io.proconsul.raft;

import io.proconsul.core.membership.MemberStatus;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.ServerHealth;
import io.proconsul.core.store.AutopilotSetConfig;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.NoClusterLeaderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's autopilot (1.10 semantics, hashicorp/raft-autopilot), run by the leader once a second:
 * <ul>
 *   <li>stores the configured settings ({@code autopilot {}} of the agent's config, Consul's defaults
 *       unless set) when none are stored yet (Consul's {@code getOrCreateAutopilotConfig}); once stored,
 *       the stored ones win over the config file, which only seeds them;
 *   <li>judges each server's health: gossip status alive, heard from the leader within
 *       {@code LastContactThreshold}, at most {@code MaxTrailingLogs} entries behind, on the leader's term;
 *   <li>with {@code CleanupDeadServers}, removes voters whose gossip status is failed or left, never below
 *       {@code MinQuorum} voters and never more than the failure tolerance allows, so quorum is kept;
 *   <li>lets {@link ServerDiscovery} promote a new server to voter only once it has been alive for
 *       {@code ServerStabilizationTime} (a delayed add: Ratis 3.3 has no non-voter we could promote
 *       cleanly, so until then the server is simply not in the configuration).
 * </ul>
 * Thread-safe: the loop runs on its own scheduler; {@link #health()} may be called from any thread.
 */
final class Autopilot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Autopilot.class);
    static final long TICK_MS = 1000;

    private final RaftView view;
    private final KnownServers known;
    private final Membership membership;
    private final Supplier<Optional<AutopilotConfig>> stored;
    private final AutopilotConfig seed;
    private final Function<Command<Boolean>, CompletableFuture<Boolean>> apply;
    private final RaftPeer self;
    private final String selfName;
    private final ScheduledExecutorService worker;
    private final Map<RaftPeerId, Stability> stability = new HashMap<>();
    private volatile boolean storing;

    private record Stability(boolean healthy, Instant since) {}

    /** {@code seed}: the configured settings, stored by the first leader that finds none stored. */
    Autopilot(RaftView view, KnownServers known, Membership membership, Supplier<Optional<AutopilotConfig>> stored,
            AutopilotConfig seed, Function<Command<Boolean>, CompletableFuture<Boolean>> apply, RaftPeer self,
            String selfName, ScheduledExecutorService worker) {
        this.view = view;
        this.known = known;
        this.membership = membership;
        this.stored = stored;
        this.seed = withIndexes(seed, 0);
        this.apply = apply;
        this.self = self;
        this.selfName = selfName;
        this.worker = worker;
    }

    void start() {
        worker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The settings in force: the stored ones, else the configured ones at index 0, the index a
     * check-and-set against never-stored settings must name (so {@code set-config}, which reads and then
     * writes with {@code cas}, succeeds against them).
     */
    AutopilotConfig config() {
        return stored.get().orElse(seed);
    }

    /** Whether {@code id} may become a voter now: it has been alive in gossip for the stabilization time. */
    boolean promotable(RaftPeerId id) {
        Duration wait = config().serverStabilizationTime();
        return known.get(id).map(k -> k.status() == MemberStatus.ALIVE && k.aliveSince() != null
                && !k.aliveSince().plus(wait).isAfter(Instant.now())).orElse(false);
    }

    private void tick() {
        try {
            if (!view.isLeaderReady()) {
                return;
            }
            storeSeedIfMissing();
            health();
            if (config().cleanupDeadServers()) {
                pruneDeadServers();
            }
        } catch (RuntimeException e) {
            log.warn("autopilot: {}", e.getMessage());
        }
    }

    private void storeSeedIfMissing() {
        if (stored.get().isPresent() || storing) {
            return;
        }
        storing = true;
        // CAS on 0: only if nothing was stored meanwhile (e.g. by an operator through another server).
        apply.apply(new AutopilotSetConfig(seed, 0)).whenComplete((ok, e) -> storing = false);
    }

    /**
     * raft-autopilot's pruning: failed voters go one at a time while the failure tolerance of the voters
     * left is at least one and at least {@code MinQuorum} voters remain.
     */
    private void pruneDeadServers() {
        List<RaftPeer> voters = view.voters();
        int n = voters.size();
        int tolerance = (n - 1) / 2;
        int minQuorum = config().minQuorum();
        for (RaftPeer p : voters) {
            MemberStatus status = known.get(p.getId()).map(KnownServers.Known::status).orElse(null);
            if (p.getId().equals(self.getId()) || (status != MemberStatus.FAILED && status != MemberStatus.LEFT)) {
                continue;
            }
            if (n - 1 < minQuorum) {
                log.debug("autopilot: will not remove {}: it would leave fewer voters than MinQuorum {}", p, minQuorum);
            } else if (tolerance < 1) {
                log.debug("autopilot: will not remove {}: removing a majority of servers is not safe", p);
            } else {
                log.info("autopilot: removing dead server {} ({})", p.getId(), status.text());
                membership.removeVoter(p.getId()).orTimeout(10, TimeUnit.SECONDS).join();
                n--;
                tolerance--;
            }
        }
    }

    /**
     * The leader's view of every server in the configuration; fails with {@link NoClusterLeaderException}
     * on a server that does not lead (only the leader knows its followers' progress). A follower asks the
     * leader for it ({@link OperatorView#autopilotHealth}: a Ratis stale read over the Raft port, which the
     * leader's state machine hands to {@link RemoteReads}, which calls this).
     */
    synchronized AutopilotHealth health() {
        RaftServer.Division d = view.division().filter(x -> x.getInfo().isLeader())
                .orElseThrow(NoClusterLeaderException::new);
        AutopilotConfig config = config();
        Map<RaftPeerId, FollowerProgress.Progress> progress = FollowerProgress.of(d);
        long leaderIndex = FollowerProgress.lastIndex(d);
        long term = d.getInfo().getCurrentTerm();
        List<ServerHealth> servers = new ArrayList<>();
        for (RaftPeer p : view.voters()) {
            boolean isSelf = p.getId().equals(self.getId());
            Optional<KnownServers.Known> k = known.get(p.getId());
            String status = isSelf ? "alive" : k.map(x -> x.status().text()).orElse("none");
            FollowerProgress.Progress pr = isSelf ? new FollowerProgress.Progress(0, leaderIndex)
                    : progress.getOrDefault(p.getId(), new FollowerProgress.Progress(Long.MAX_VALUE, 0));
            boolean healthy = "alive".equals(status) && pr.lastContactMillis() <= config.lastContactThreshold().toMillis()
                    && leaderIndex - pr.lastIndex() <= config.maxTrailingLogs();
            Instant since = stableSince(p.getId(), healthy);
            String name = isSelf ? k.map(KnownServers.Known::name).orElse(selfName)
                    : k.map(KnownServers.Known::name).orElse("(unknown)");
            Duration contact = pr.lastContactMillis() == Long.MAX_VALUE ? Duration.ZERO
                    : Duration.ofMillis(pr.lastContactMillis());
            servers.add(new ServerHealth(p.getId().toString(), name, p.getAddress(), status,
                    k.map(KnownServers.Known::version).orElse(""), isSelf, contact, term, pr.lastIndex(), healthy,
                    true, since));
        }
        long healthyVoters = servers.stream().filter(ServerHealth::healthy).count();
        int quorum = servers.size() / 2 + 1;
        return new AutopilotHealth(healthyVoters == servers.size(), (int) Math.max(0, healthyVoters - quorum), servers);
    }

    private Instant stableSince(RaftPeerId id, boolean healthy) {
        Stability s = stability.get(id);
        if (s == null || s.healthy() != healthy) {
            s = new Stability(healthy, Instant.now());
            stability.put(id, s);
        }
        return s.since();
    }

    static AutopilotConfig withIndexes(AutopilotConfig c, long index) {
        return new AutopilotConfig(c.cleanupDeadServers(), c.lastContactThreshold(), c.maxTrailingLogs(),
                c.minQuorum(), c.serverStabilizationTime(), index, index);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
