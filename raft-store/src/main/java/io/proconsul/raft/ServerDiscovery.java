package io.proconsul.raft;

import io.proconsul.core.event.EventBus;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forms and grows the Raft group from what gossip reports ({@link MemberEvent}s on the bus), as Consul's
 * {@code maybeBootstrap}, {@code joinConsulServer} and {@code removeConsulServer} do:
 * <ul>
 *   <li>a server with {@code bootstrap_expect} forms the group once it sees that many servers of its
 *       datacenter (itself included), unless one of them already holds the group: then it takes that
 *       group's peers if it is one of them, else it joins and waits to be added;
 *   <li>a server without a group that sees a server already in one enters it and waits to be added;
 *   <li>the leader adds every live server it hears of as a voter once autopilot says it is stable
 *       ({@code ServerStabilizationTime}), and removes those that left or were reaped (a failed server
 *       stays until reaped or until autopilot's dead-server cleanup removes it, as in Consul).
 * </ul>
 * Every server event is also recorded in {@link KnownServers} (names and gossip status for the operator
 * API and autopilot). After {@link #close()} (a graceful leave, or shutdown) nothing is added or formed.
 * All work runs on one dedicated thread (it may wait on the network), re-checked periodically so that
 * a change that failed (a joiner not ready yet) is retried.
 */
final class ServerDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServerDiscovery.class);
    private static final long RECONCILE_MS = 2000;
    private static final long CHANGE_TIMEOUT_MS = 10_000;

    private final RaftSettings settings;
    private final RaftView view;
    private final Membership membership;
    private final ScheduledExecutorService worker;
    private final KnownServers known;
    private final Predicate<RaftPeerId> promotable;
    private final Map<RaftPeerId, RaftPeer> servers = new ConcurrentHashMap<>();
    // A server that cannot be added (e.g. removed while running: Ratis closed its division) is tried again
    // after a growing pause instead of every pass, each try holding this thread up to CHANGE_TIMEOUT_MS.
    private final Map<RaftPeerId, long[]> addBackoff = new ConcurrentHashMap<>();
    private EventBus.Subscription subscription;

    /** @param promotable whether the leader may make a server that is not a voter yet one now */
    ServerDiscovery(RaftSettings settings, RaftView view, Membership membership, ScheduledExecutorService worker,
            KnownServers known, Predicate<RaftPeerId> promotable) {
        this.settings = settings;
        this.known = known;
        this.promotable = promotable;
        this.view = view;
        this.membership = membership;
        this.worker = worker;
    }

    void start(EventBus bus) {
        subscription = bus.subscribe(MemberEvent.class, e -> worker.execute(() -> onEvent(e)));
        worker.scheduleWithFixedDelay(this::reconcile, RECONCILE_MS, RECONCILE_MS, TimeUnit.MILLISECONDS);
    }

    /** On gaining leadership: bring the configuration in line with the servers known. */
    void leadershipGained() {
        worker.execute(this::reconcile);
    }

    /**
     * Ratis closed this server's division: the leader's configuration no longer has it (autopilot removed
     * it while it was down). Re-enters the group as a joiner; the leader adds it back once it is promotable,
     * as Consul's leader adds back a server that rejoins gossip. Nothing happens after {@link #close()}.
     */
    void rejoin() {
        worker.execute(() -> {
            try {
                log.info("raft: removed from the configuration while away; entering the group again");
                membership.rejoin();
            } catch (IOException | RuntimeException e) {
                log.warn("raft: could not re-enter the group: {}", e.getMessage());
            }
        });
    }

    private void onEvent(MemberEvent e) {
        Member m = e.member();
        if (!"lan".equals(e.pool()) || !m.isServer() || !m.datacenter().equals(settings.config().datacenter())) {
            return;
        }
        RaftPeer peer = peerOf(m);
        if (peer == null) {
            return;
        }
        known.record(e, peer);
        if (peer.getId().equals(settings.self().getId())) {
            return;
        }
        switch (e.type()) {
            case JOIN, UPDATE -> {
                if (m.status() == MemberStatus.ALIVE) {
                    servers.put(peer.getId(), peer);
                    if (e.type() == MemberEvent.Type.JOIN) {
                        addBackoff.remove(peer.getId());
                    }
                }
            }
            case LEAVE, REAP -> {
                servers.remove(peer.getId());
                if (view.isLeader()) {
                    await(membership.removeVoter(peer.getId()), "remove " + peer.getId());
                }
            }
            case FAILED -> { }
        }
        reconcile();
    }

    private void reconcile() {
        try {
            if (view.division().isEmpty()) {
                maybeBootstrap();
            } else if (view.isLeader()) {
                List<RaftPeer> voters = view.voters();
                for (RaftPeer p : List.copyOf(servers.values())) {
                    boolean voter = voters.stream().anyMatch(v -> v.getId().equals(p.getId()));
                    if (!voter && promotable.test(p.getId()) && addDue(p.getId())) {
                        boolean added = await(membership.addVoter(p), "add " + p.getId());
                        backOff(p.getId(), added);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("raft: server discovery: {}", e.getMessage());
        }
    }

    private void maybeBootstrap() throws IOException {
        if (servers.isEmpty()) {
            return;
        }
        Optional<RaftGroup> existing = existingGroup();
        if (existing.isPresent()) {
            if (existing.get().getPeer(settings.self().getId()) != null) {
                // Another expected server formed the group first, with this one in it: take the same peers.
                log.info("raft: joining the cluster another server formed with us: {}", existing.get().getPeers());
                membership.form(List.copyOf(existing.get().getPeers()));
            } else {
                log.info("raft: existing cluster found, waiting to be added by its leader");
                membership.join();
            }
            return;
        }
        int expect = settings.config().bootstrapExpect();
        if (expect > 0 && servers.size() + 1 >= expect) {
            List<RaftPeer> peers = new ArrayList<>(servers.values());
            peers.add(settings.self());
            log.info("raft: found {} servers (bootstrap_expect={}), forming the cluster", peers.size(), expect);
            membership.form(peers);
        }
    }

    /**
     * The group as the first known server that already holds it reports it (Consul asks its peers the same
     * before bootstrapping): then this server must not form a group of its own.
     */
    private Optional<RaftGroup> existingGroup() {
        RaftProperties p = settings.properties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(1, TimeUnit.SECONDS));
        for (RaftPeer peer : servers.values()) {
            try (RaftClient c = RaftClient.newBuilder().setRaftGroup(RaftGroup.valueOf(settings.groupId(), peer))
                    .setProperties(p).setRetryPolicy(RetryPolicies.noRetry()).build()) {
                GroupInfoReply info = c.getGroupManagementApi(peer.getId()).info(settings.groupId());
                if (info.isSuccess() && info.getGroup() != null && !info.getGroup().getPeers().isEmpty()) {
                    return Optional.of(info.getGroup());
                }
            } catch (IOException | RuntimeException e) {
                log.debug("raft: {} does not hold the group: {}", peer.getId(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static boolean await(java.util.concurrent.CompletableFuture<Void> change, String what) {
        try {
            change.get(CHANGE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("raft: configuration change ({}) not done yet: {}", what, e.getMessage());
        }
        return false;
    }

    private boolean addDue(RaftPeerId id) {
        long[] b = addBackoff.get(id);
        return b == null || System.nanoTime() >= b[0];
    }

    /** {@code [next try (nanoTime), pause ms]}: the pause doubles from one pass up to a minute. */
    private void backOff(RaftPeerId id, boolean added) {
        if (added) {
            addBackoff.remove(id);
            return;
        }
        long[] b = addBackoff.get(id);
        long pause = b == null ? RECONCILE_MS : Math.min(60_000, b[1] * 2);
        addBackoff.put(id, new long[] {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause), pause});
    }

    /** The member's Raft identity: its node ID tag (else its name) at its address and server port tag. */
    static RaftPeer peerOf(Member m) {
        String port = m.tags().get("port");
        if (port == null || port.equals("0") || m.addr() == null || m.addr().isEmpty()) {
            return null;
        }
        String id = m.tags().getOrDefault("id", "");
        return RaftPeer.newBuilder().setId(id.isEmpty() ? m.name() : id).setAddress(m.addr() + ":" + port).build();
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        worker.shutdownNow();
    }
}
