package io.proconsul.core.catalog;

import io.proconsul.core.agent.Component;
import io.proconsul.core.event.EventBus;
import io.proconsul.core.event.LeaderChanged;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.Membership;
import io.proconsul.core.store.ChecksInState;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's half of gossip-driven health (Consul's {@code leader.go} {@code reconcile} and
 * {@code reconcileMember}): while this server leads, every LAN member is kept in the catalog with its
 * {@code serfHealth} check, passing while alive ({@value MemberReconciliation#ALIVE_OUTPUT}), critical
 * when failed ({@value MemberReconciliation#FAILED_OUTPUT}); members that left or were reaped are
 * deregistered. On becoming leader, and every {@link #RECONCILE_INTERVAL} after, it reconciles all members
 * and removes catalog nodes with a {@code serfHealth} check that gossip no longer knows.
 *
 * <p>Leadership comes from {@link LeaderChanged} on the bus; at {@link #start()} it also asks the store,
 * in case leadership was won before it subscribed. Member changes come from {@link MemberEvent}s of the
 * {@code lan} pool and are dropped while not leading (the full reconcile on election covers them).
 *
 * <p>Threading: all reads and writes run on one thread of its own, one reconcile at a time, waiting on the
 * store's futures (bounded by {@link #STORE_TIMEOUT}); never on a bus, store or event-loop thread. A
 * failed write is logged and retried by the next full reconcile. Ownership: the agent closes it.
 */
public final class MemberReconciler implements Component {

    private static final Logger log = LoggerFactory.getLogger(MemberReconciler.class);

    /** Consul's {@code reconcile_interval}: 60 s. */
    public static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(60);
    static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);
    private static final QueryOptions READ = QueryOptions.DEFAULT.withConsistency(Consistency.CONSISTENT);

    private final MemberReconciliation decisions;
    private final Membership lan;
    private final Store store;
    private final EventBus bus;
    private final Duration interval;
    private ScheduledExecutorService executor;
    private List<EventBus.Subscription> subscriptions = List.of();
    /** Only touched on the executor thread. */
    private ScheduledFuture<?> periodic;

    public MemberReconciler(String nodeName, String datacenter, Membership lan, Store store, EventBus bus) {
        this(nodeName, datacenter, lan, store, bus, RECONCILE_INTERVAL);
    }

    /** For tests: another full-reconcile interval. */
    public MemberReconciler(String nodeName, String datacenter, Membership lan, Store store, EventBus bus,
            Duration interval) {
        this.decisions = new MemberReconciliation(nodeName, datacenter);
        this.lan = lan;
        this.store = store;
        this.bus = bus;
        this.interval = interval;
    }

    @Override
    public String name() {
        return "reconcile";
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leader-reconcile");
            t.setDaemon(true);
            return t;
        });
        subscriptions = List.of(
                bus.subscribe(LeaderChanged.class, e -> submit(() -> leadership(e.self()))),
                bus.subscribe(MemberEvent.class, e -> {
                    if ("lan".equals(e.pool())) {
                        submit(() -> memberChanged(e));
                    }
                }));
        boolean leading = "Leader".equals(store.raftStats().get("state"));
        submit(() -> leadership(leading));
    }

    @Override
    public synchronized void close() {
        subscriptions.forEach(EventBus.Subscription::close);
        subscriptions = List.of();
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private synchronized void submit(Runnable task) {
        if (executor != null) {
            executor.execute(task);
        }
    }

    private void leadership(boolean leading) {
        if (leading && periodic == null) {
            log.info("reconcile: leading, reconciling gossip members into the catalog");
            periodic = executor.scheduleWithFixedDelay(this::reconcileAll, 0, interval.toNanos(),
                    TimeUnit.NANOSECONDS);
        } else if (!leading && periodic != null) {
            periodic.cancel(false);
            periodic = null;
        }
    }

    private void memberChanged(MemberEvent e) {
        if (periodic == null) {
            return;
        }
        try {
            reconcile(e.member(), e.type() == MemberEvent.Type.REAP);
        } catch (ReconcileFailure f) {
            log.warn("reconcile: member {} ({}): {}", e.member().name(), e.type(), f.getMessage());
        }
    }

    /** Consul's {@code reconcile}: every member, then catalog nodes gossip has forgotten. */
    private void reconcileAll() {
        try {
            List<Member> members = lan.members();
            for (Member m : members) {
                reconcile(m, false);
            }
            Set<String> known = members.stream().map(Member::name).collect(Collectors.toSet());
            List<HealthCheck> checks = read(new ChecksInState(HealthStatus.ANY));
            for (var deregister : decisions.reaped(known, checks)) {
                log.info("reconcile: node {} is no longer a member, deregistering", deregister.node());
                write(deregister);
            }
        } catch (ReconcileFailure f) {
            log.warn("reconcile: full reconcile failed, retrying in {}: {}", interval, f.getMessage());
        } catch (RuntimeException e) {
            // keep the periodic task alive: a thrown exception would cancel it silently
            log.error("reconcile: full reconcile failed", e);
        }
    }

    private void reconcile(Member m, boolean reaped) {
        if (!decisions.handles(m)) {
            return;
        }
        Optional<NodeServices> node = read(new NodeInfo(m.name()));
        List<HealthCheck> checks = node.isPresent() ? read(new NodeChecks(m.name())) : List.of();
        Optional<Command<Boolean>> write = decisions.decide(m, reaped,
                new MemberReconciliation.NodeState(node, checks));
        if (write.isPresent()) {
            log.info("reconcile: member {} is {}{}, updating the catalog", m.name(), m.status().text(),
                    reaped ? " (reaped)" : "");
            write(write.get());
        }
    }

    private <T> T read(Query<T> query) {
        return await(store.query(query, READ)).value();
    }

    private void write(Command<Boolean> command) {
        await(store.apply(command));
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ReconcileFailure(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new ReconcileFailure("store did not answer within " + STORE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileFailure("interrupted");
        }
    }

    /** A read or write that did not succeed; the next full reconcile tries again. */
    private static final class ReconcileFailure extends RuntimeException {
        ReconcileFailure(String message) {
            super(message, null, false, false);
        }
    }
}
