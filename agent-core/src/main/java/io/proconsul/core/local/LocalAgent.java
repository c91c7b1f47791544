package io.proconsul.core.local;

import io.proconsul.core.agent.Component;
import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.HealthStatus;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.check.CheckListener;
import io.proconsul.core.check.CheckRunners;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.store.CatalogRegister;
import io.proconsul.core.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services and checks registered on this agent (Consul's {@code agent/local.State} plus the
 * {@code AddService}/{@code AddCheck} half of {@code agent.go}): what {@code /v1/agent/services} and
 * {@code /v1/agent/checks} answer, what the check runners run, and what anti-entropy keeps in the
 * catalog. Entries come from config files ({@link DefinitionSource#CONFIG}, replaced by {@link #reload})
 * or the HTTP API ({@link DefinitionSource#API}, kept in the data dir across restarts, TTL state included).
 *
 * <p>Failures: {@link NotRegisteredException} for an unknown service or check ID (Consul's 404 texts),
 * {@link DefinitionException} for an invalid definition, {@link IllegalArgumentException} with Consul's
 * text for a refused one (script checks disabled, unknown service of a check).
 *
 * <p>Threading: every method may be called from any thread. State changes hold the object's lock briefly
 * and write the data-dir file under it (small files); runners are started and stopped outside it, in
 * change order, so a runner reporting a result never waits for a caller that waits for the runner.
 * Ownership: creates and closes its {@link CheckRunners} and anti-entropy thread; uses, never closes, the
 * store.
 */
public final class LocalAgent implements Component, CheckListener {

    private static final Logger log = LoggerFactory.getLogger(LocalAgent.class);

    private final AgentConfig config;
    private final CheckRunners runners;
    private final LocalFiles files;
    private final AntiEntropy sync;
    private final Object runnerOrder = new Object();
    private final Map<String, LocalService> services = new TreeMap<>();
    private final Map<String, LocalCheck> checks = new TreeMap<>();
    private final LocalChanges changes;
    private final DefinitionRules rules;
    private final CriticalReaper.Timing reaping;
    private CriticalReaper reaper;
    private CompletableFuture<Void> changed = new CompletableFuture<>();

    /** The agent's local state for {@code config} (its node, data dir and discovery keys) over {@code store}. */
    public LocalAgent(AgentConfig config, Store store) {
        this(config, store, AntiEntropy.Timing.DEFAULTS, CriticalReaper.Timing.DEFAULTS);
    }

    LocalAgent(AgentConfig config, Store store, AntiEntropy.Timing timing) {
        this(config, store, timing, CriticalReaper.Timing.DEFAULTS);
    }

    LocalAgent(AgentConfig config, Store store, AntiEntropy.Timing timing, CriticalReaper.Timing reaping) {
        this.config = config;
        this.reaping = reaping;
        this.runners = new CheckRunners(Math.max(1, config.discovery().checkOutputMaxSize()));
        this.files = config.dataDir().isEmpty() ? null : new LocalFiles(Path.of(config.dataDir()));
        this.sync = new AntiEntropy(new View(), store, timing);
        this.rules = new DefinitionRules(config.discovery());
        this.changes = new LocalChanges(config.nodeName(), services, checks, files);
    }

    @Override
    public String name() {
        return "local-state";
    }

    /**
     * Loads the config-file definitions and the persisted API ones (config wins on an ID clash), starts
     * their checks and a first sync. Throws for an invalid config-file definition, as Consul refuses to
     * start with one.
     */
    @Override
    public void start() {
        synchronized (runnerOrder) {
            List<Runnable> after = new ArrayList<>();
            synchronized (this) {
                for (ServiceDefinition s : config.discovery().services()) {
                    rules.validate(s, DefinitionSource.CONFIG);
                    after.addAll(changes.addService(s, true, DefinitionSource.CONFIG, runners, this));
                }
                for (CheckDefinition c : config.discovery().checks()) {
                    rules.validate(c, DefinitionSource.CONFIG);
                    after.addAll(changes.addCheck(LocalCheck.standalone(c), DefinitionSource.CONFIG, true, runners,
                            this));
                }
                if (files != null) {
                    after.addAll(changes.restore(files, rules, runners, this));
                }
            }
            after.forEach(Runnable::run);
        }
        synchronized (this) {
            reaper = new CriticalReaper(reaping, this::reapCriticalServices, sync.scheduler());
        }
        sync.trigger();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (reaper != null) {
                reaper.close();
            }
        }
        sync.close();
        runners.close();
    }

    /** Registers (or replaces) a service with its checks; {@code replaceExistingChecks} drops its other checks. */
    public void addService(ServiceDefinition definition, boolean replaceExistingChecks, DefinitionSource source) {
        rules.validate(definition, source);
        change(() -> changes.addService(definition, replaceExistingChecks, source, runners, this));
    }

    /** Removes a service and its checks; {@link NotRegisteredException} if there is none with that ID. */
    public void removeService(String serviceId) {
        change(() -> {
            if (!services.containsKey(serviceId)) {
                throw NotRegisteredException.service(serviceId);
            }
            return changes.removeService(serviceId, runners);
        });
    }

    /** Registers (or replaces, starting from its initial state) a check. */
    public void addCheck(CheckDefinition definition, DefinitionSource source) {
        CheckDefinition d = LocalCheck.standalone(definition);
        rules.validate(d, source);
        change(() -> {
            if (!d.serviceId().isEmpty() && !services.containsKey(d.serviceId())) {
                throw new IllegalArgumentException("ServiceID \"" + d.serviceId() + "\" does not exist");
            }
            return changes.addCheck(d, source, false, runners, this);
        });
    }

    /** Removes a check; {@link NotRegisteredException} if there is none with that ID. */
    public void removeCheck(String checkId) {
        change(() -> {
            if (!checks.containsKey(checkId)) {
                throw NotRegisteredException.check(checkId);
            }
            return changes.removeCheck(checkId, runners);
        });
    }

    /**
     * Reports a TTL check's state ({@code /v1/agent/check/pass|warn|fail|update}) and restarts its TTL.
     *
     * @param status one of {@link HealthStatus#ALL}
     * @return the output as stored (cut to {@code check_output_max_size})
     */
    public String updateTtl(String checkId, String status, String output) {
        synchronized (runnerOrder) {
            synchronized (this) {
                LocalCheck c = checks.get(checkId);
                if (c == null) {
                    throw NotRegisteredException.check(checkId);
                }
                if (!c.isTtl()) {
                    throw new IllegalArgumentException("CheckID \"" + checkId + "\" does not have associated TTL");
                }
            }
            // The runner reports the new state to update() before it returns.
            return runners.ttl(checkId).map(t -> t.update(status, output)).orElseGet(() -> {
                update(checkId, status, output);
                return output;
            });
        }
    }

    /** Puts the node in maintenance mode: a critical {@code _node_maintenance} check. Idempotent. */
    public void enableNodeMaintenance(String reason) {
        change(() -> checks.containsKey(HealthStatus.NODE_MAINT_CHECK_ID) ? List.of()
                : changes.putMaintenance(LocalCheck.nodeMaintenance(config.nodeName(), reason)));
    }

    public void disableNodeMaintenance() {
        change(() -> checks.containsKey(HealthStatus.NODE_MAINT_CHECK_ID)
                ? changes.removeCheck(HealthStatus.NODE_MAINT_CHECK_ID, runners) : List.of());
    }

    /** Puts one service in maintenance mode; {@link NotRegisteredException} for an unknown service. */
    public void enableServiceMaintenance(String serviceId, String reason) {
        change(() -> {
            LocalService s = services.get(serviceId);
            if (s == null) {
                throw NotRegisteredException.maintenance(serviceId);
            }
            String id = HealthStatus.SERVICE_MAINT_CHECK_PREFIX + serviceId;
            return checks.containsKey(id) ? List.of()
                    : changes.putMaintenance(LocalCheck.serviceMaintenance(config.nodeName(), s.service(), reason));
        });
    }

    public void disableServiceMaintenance(String serviceId) {
        change(() -> {
            if (!services.containsKey(serviceId)) {
                throw NotRegisteredException.maintenance(serviceId);
            }
            String id = HealthStatus.SERVICE_MAINT_CHECK_PREFIX + serviceId;
            return checks.containsKey(id) ? changes.removeCheck(id, runners) : List.of();
        });
    }

    /**
     * Replaces the config-file services and checks with {@code newServices} and {@code newChecks}
     * ({@code consul reload}): those no longer defined go, the others are registered again keeping their
     * current check state; API-registered ones are not touched. Validates everything before changing anything.
     */
    public void reload(List<ServiceDefinition> newServices, List<CheckDefinition> newChecks) {
        newServices.forEach(s -> rules.validate(s, DefinitionSource.CONFIG));
        List<CheckDefinition> standalone = newChecks.stream().map(LocalCheck::standalone).toList();
        standalone.forEach(c -> rules.validate(c, DefinitionSource.CONFIG));
        change(() -> changes.reload(newServices, standalone, runners, this));
    }

    /** The registered services by ID, sorted. */
    public synchronized Map<String, NodeService> services() {
        Map<String, NodeService> out = new TreeMap<>();
        services.forEach((id, s) -> out.put(id, s.service()));
        return out;
    }

    public synchronized Optional<NodeService> service(String serviceId) {
        return Optional.ofNullable(services.get(serviceId)).map(LocalService::service);
    }

    /** The registered services named {@code name}, by ID. */
    public synchronized List<NodeService> servicesByName(String name) {
        return services.values().stream().map(LocalService::service).filter(s -> s.service().equals(name)).toList();
    }

    /** The registered checks by ID, sorted, with their current state. */
    public synchronized Map<String, HealthCheck> checks() {
        Map<String, HealthCheck> out = new TreeMap<>();
        checks.forEach((id, c) -> out.put(id, c.check()));
        return out;
    }

    /** The checks that cover a service: its own and the node-level ones (maintenance included). */
    public synchronized List<HealthCheck> checksForService(String serviceId) {
        return checks.values().stream().map(LocalCheck::check)
                .filter(c -> c.serviceId().isEmpty() || c.serviceId().equals(serviceId)).toList();
    }

    /**
     * A runner's result: kept and persisted for a TTL check at once; synced at once when the status
     * changed, and within {@code check_update_interval} when only the output did (as Consul defers those).
     */
    @Override
    public void update(String checkId, String status, String output) {
        LocalChanges.StateChange changed;
        synchronized (this) {
            changed = changes.setState(checkId, status, output);
        }
        if (changed != LocalChanges.StateChange.NONE) {
            notifyChanged();
            if (changed == LocalChanges.StateChange.STATUS) {
                sync.trigger();
            } else {
                sync.outputChanged(checkId);
            }
        }
    }

    /**
     * Completes (on the thread that made the change) at the next change of the services, the checks or
     * their state: what a blocking {@code ?hash} query waits for. Callers must not complete it themselves.
     */
    public synchronized CompletableFuture<Void> nextChange() {
        return changed;
    }

    private void notifyChanged() {
        CompletableFuture<Void> done;
        synchronized (this) {
            done = changed;
            changed = new CompletableFuture<>();
        }
        done.complete(null);
    }

    /** Deregisters the services whose checks have been critical for too long (Consul's reaper). */
    void reapCriticalServices() {
        java.util.Set<String> doomed;
        synchronized (this) {
            doomed = changes.servicesToReap(System.nanoTime(), reaping.minimum());
        }
        for (String id : doomed) {
            log.info("Check for service has been critical for too long; deregistered service: service={}", id);
            change(() -> services.containsKey(id) ? changes.removeService(id, runners) : List.of());
        }
    }

    /** Asks anti-entropy for a sync now (as after every change). */
    public void triggerSync() {
        sync.trigger();
    }

    long completedSyncs() {
        return sync.completedSyncs();
    }

    long failedSyncs() {
        return sync.failedSyncs();
    }

    /** Runs a change under the lock, then its runner actions outside it (in change order), then a sync. */
    private void change(java.util.function.Supplier<List<Runnable>> mutation) {
        synchronized (runnerOrder) {
            List<Runnable> after;
            synchronized (this) {
                after = mutation.get();
            }
            after.forEach(Runnable::run);
        }
        notifyChanged();
        sync.trigger();
    }

    /** Consul's tagged addresses of a node: lan and wan, with the _ipv4 forms for an IPv4 address. */
    private CatalogRegister nodeRegistration() {
        String addr = config.effectiveAdvertiseAddr();
        Map<String, String> tagged = new TreeMap<>();
        tagged.put("lan", addr);
        tagged.put("wan", addr);
        if (addr.indexOf(':') < 0) {
            tagged.put("lan_ipv4", addr);
            tagged.put("wan_ipv4", addr);
        }
        Map<String, String> meta = new TreeMap<>(config.nodeMeta());
        meta.putIfAbsent("consul-network-segment", "");
        meta.putIfAbsent("consul-version", io.proconsul.core.Version.CONSUL);
        return new CatalogRegister(config.nodeName(), config.nodeId(), addr, tagged, meta, null, List.of(), false);
    }

    /** Anti-entropy's view of this state. */
    private final class View implements AntiEntropy.LocalView {
        @Override
        public CatalogRegister node() {
            return nodeRegistration();
        }

        @Override
        public List<NodeService> services() {
            synchronized (LocalAgent.this) {
                return services.values().stream().map(LocalService::service).toList();
            }
        }

        @Override
        public List<HealthCheck> checks() {
            synchronized (LocalAgent.this) {
                return checks.values().stream().map(LocalCheck::check).toList();
            }
        }

        @Override
        public void adoptTags(String serviceId, List<String> tags) {
            synchronized (LocalAgent.this) {
                services.computeIfPresent(serviceId, (id, s) -> s.withTags(tags));
            }
            notifyChanged();
            log.debug("service {}: tags taken over from the catalog (EnableTagOverride)", serviceId);
        }
    }
}
