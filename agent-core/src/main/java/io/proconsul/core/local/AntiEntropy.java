package io.proconsul.core.local;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.Node;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.catalog.NodeServices;
import io.proconsul.core.store.CatalogDeregister;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog's view of this node equal to the agent's local state (Consul's {@code agent/ae} and
 * {@code local.State.SyncFull}): after every local change and every {@link Timing#interval()} (plus a
 * random stagger) it reads this node's services and checks from the catalog, compares them with the local
 * ones and writes the differences: the node itself (ID, address, tagged addresses, meta), missing or
 * changed services (with their checks) and checks, and removes services and checks the catalog has but
 * the agent does not, except what the leader owns: the {@code serfHealth} check and a server's
 * {@code consul} service.
 *
 * <p>Every sync is a full comparison, so a change made behind the agent's back (a
 * {@code /v1/catalog/deregister}) is repaired by the next one. A failed sync ({@code No cluster leader},
 * a timeout) is retried after {@link Timing#retry()}; nothing waits for it.
 *
 * <p>Threading: syncs run one at a time on a thread of their own; {@link #trigger()} may be called from
 * any thread (an event loop included) and coalesces with a sync not yet started.
 */
final class AntiEntropy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AntiEntropy.class);
    private static final long CALL_TIMEOUT_MS = 10_000;
    /** The service the leader registers for each server (Consul's {@code structs.ConsulServiceID}). */
    static final String CONSUL_SERVICE_ID = "consul";

    /**
     * How often to sync: Consul's {@code ae_interval} (1 minute), its retry after a failure (15 s) and
     * {@code check_update_interval} (5 minutes): how long a change of a check's output alone may wait
     * before it is written (0 writes it at once). Status changes are always written at once.
     */
    record Timing(Duration interval, Duration retry, Duration checkUpdateInterval) {
        static final Duration CHECK_UPDATE_INTERVAL = Duration.ofMinutes(5);
        static final Timing DEFAULTS = new Timing(Duration.ofMinutes(1), Duration.ofSeconds(15));

        Timing(Duration interval, Duration retry) {
            this(interval, retry, CHECK_UPDATE_INTERVAL);
        }
    }

    /** What anti-entropy needs from the local state. */
    interface LocalView {
        /** The node registration (no service, no checks) with this agent's identity. */
        CatalogRegister node();

        List<NodeService> services();

        List<HealthCheck> checks();

        /** The catalog holds other tags for a service with {@code EnableTagOverride}: take them over. */
        void adoptTags(String serviceId, List<String> tags);
    }

    private final LocalView local;
    private final Store store;
    private final Timing timing;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Checks whose new output waits for its deferred write, and those whose write is due. */
    private final Set<String> deferred = ConcurrentHashMap.newKeySet();
    private final Set<String> outputDue = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> next;
    private volatile boolean closed;

    AntiEntropy(LocalView local, Store store, Timing timing) {
        this.local = local;
        this.store = store;
        this.timing = timing;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "anti-entropy");
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks for a sync soon; one already asked for and not yet started covers this request too. */
    void trigger() {
        if (!closed && pending.compareAndSet(false, true)) {
            try {
                executor.execute(this::run);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false);
            }
        }
    }

    /**
     * A check's output changed and nothing else: written by a sync after half to one and a half
     * {@code check_update_interval} (Consul's stagger), so that a chatty check does not write every result.
     */
    void outputChanged(String checkId) {
        long every = timing.checkUpdateInterval().toMillis();
        if (every <= 0) {
            outputDue.add(checkId);
            trigger();
            return;
        }
        if (!closed && deferred.add(checkId)) {
            long wait = every / 2 + ThreadLocalRandom.current().nextLong(every);
            try {
                executor.schedule(() -> {
                    deferred.remove(checkId);
                    outputDue.add(checkId);
                    trigger();
                }, wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                deferred.remove(checkId);
            }
        }
    }

    /** The sync thread's scheduler, for other light periodic work of the local state. */
    ScheduledExecutorService scheduler() {
        return executor;
    }

    /** How many syncs have completed without error. */
    long completedSyncs() {
        return completed.get();
    }

    /** How many syncs have failed (and were retried). */
    long failedSyncs() {
        return failed.get();
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        pending.set(false);
        if (closed) {
            return;
        }
        Duration wait;
        try {
            syncFull();
            completed.incrementAndGet();
            long interval = timing.interval().toMillis();
            wait = Duration.ofMillis(interval + ThreadLocalRandom.current().nextLong(Math.max(1, interval / 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            failed.incrementAndGet();
            if (!closed) {
                log.warn("failed to sync remote state: {}", cause.getMessage() == null ? cause : cause.getMessage());
            }
            wait = timing.retry();
        }
        schedule(wait);
    }

    private synchronized void schedule(Duration wait) {
        if (closed) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        next = executor.schedule(this::trigger, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One full comparison and the writes that make the catalog match. */
    private void syncFull() throws InterruptedException, ExecutionException, TimeoutException {
        CatalogRegister self = local.node();
        Set<String> due = Set.copyOf(outputDue);
        Optional<NodeServices> remote = query(new NodeInfo(self.node()));
        List<HealthCheck> remoteChecks = remote.isEmpty() ? List.of() : query(new NodeChecks(self.node()));
        if (remote.isEmpty() || !sameNode(remote.get().node(), self)) {
            apply(self);
        }
        Map<String, NodeService> remoteServices = new HashMap<>();
        remote.ifPresent(r -> r.services().forEach(s -> remoteServices.put(s.id(), s)));
        Map<String, HealthCheck> remoteById = new HashMap<>();
        remoteChecks.forEach(c -> remoteById.put(c.checkId(), c));

        List<NodeService> services = adoptTagOverrides(local.services(), remoteServices);
        List<HealthCheck> checks = local.checks();
        Set<String> localServiceIds = new HashSet<>();
        services.forEach(s -> localServiceIds.add(s.id()));
        Set<String> localCheckIds = new HashSet<>();
        checks.forEach(c -> localCheckIds.add(c.checkId()));

        for (String id : remoteServices.keySet()) {
            if (!localServiceIds.contains(id) && !id.equals(CONSUL_SERVICE_ID)) {
                apply(CatalogDeregister.service(self.node(), id));
            }
        }
        for (HealthCheck c : remoteChecks) {
            boolean goneWithService = !c.serviceId().isEmpty() && !localServiceIds.contains(c.serviceId());
            if (!localCheckIds.contains(c.checkId()) && !goneWithService
                    && !c.checkId().equals(HealthStatus.SERF_CHECK_ID)) {
                apply(CatalogDeregister.check(self.node(), c.checkId()));
            }
        }
        Set<String> written = new HashSet<>();
        for (NodeService s : services) {
            NodeService there = remoteServices.get(s.id());
            if (there == null || !there.withIndexes(0, 0).equals(s.withIndexes(0, 0))) {
                List<HealthCheck> own = checks.stream().filter(c -> c.serviceId().equals(s.id())).toList();
                apply(withContent(self, s, own));
                own.forEach(c -> written.add(c.checkId()));
            }
        }
        List<HealthCheck> changed = new ArrayList<>();
        for (HealthCheck c : checks) {
            boolean output = timing.checkUpdateInterval().isZero() || due.contains(c.checkId());
            if (!written.contains(c.checkId()) && !sameCheck(remoteById.get(c.checkId()), c, output)) {
                changed.add(c);
            }
        }
        if (!changed.isEmpty()) {
            apply(withContent(self, null, changed));
        }
        outputDue.removeAll(due);
    }

    private List<NodeService> adoptTagOverrides(List<NodeService> services, Map<String, NodeService> remote) {
        List<NodeService> out = new ArrayList<>(services.size());
        for (NodeService s : services) {
            NodeService there = remote.get(s.id());
            if (s.enableTagOverride() && there != null && !there.tags().equals(s.tags())) {
                local.adoptTags(s.id(), there.tags());
                s = s.withTags(there.tags());
            }
            out.add(s);
        }
        return out;
    }

    private static CatalogRegister withContent(CatalogRegister node, NodeService service, List<HealthCheck> checks) {
        return new CatalogRegister(node.node(), node.id(), node.address(), node.taggedAddresses(), node.nodeMeta(),
                service, checks, false);
    }

    private static boolean sameNode(Node there, CatalogRegister self) {
        return there.id().equals(self.id()) && there.address().equals(self.address())
                && there.taggedAddresses().equals(self.taggedAddresses()) && there.meta().equals(self.nodeMeta());
    }

    /**
     * Consul's {@code HealthCheck.IsSame}, on the fields the agent decides; the output only when
     * {@code output} (Consul blanks it while a deferred write is pending).
     */
    private static boolean sameCheck(HealthCheck there, HealthCheck c, boolean output) {
        return there != null && there.name().equals(c.name()) && there.status().equals(c.status())
                && there.notes().equals(c.notes()) && (!output || there.output().equals(c.output()))
                && there.serviceId().equals(c.serviceId()) && there.serviceName().equals(c.serviceName())
                && there.type().equals(c.type());
    }

    private <T> T query(Query<T> q) throws InterruptedException, ExecutionException, TimeoutException {
        return store.query(q, QueryOptions.DEFAULT).get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).value();
    }

    private void apply(Command<Boolean> c) throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Boolean> f = store.apply(c);
        f.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
}
