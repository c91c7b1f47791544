package io.proconsul.core.local;

import io.proconsul.core.catalog.HealthCheck;
import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.check.CheckListener;
import io.proconsul.core.check.CheckRunners;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state changes of {@link LocalAgent}, each applied to its maps and the data dir at once. Runners
 * are not touched here: each change returns the runner actions ({@code start}, {@code stop}) for the
 * caller to run, in order, once it has released its lock.
 *
 * <p>Not thread-safe: called only under {@link LocalAgent}'s lock, on the maps it guards.
 */
final class LocalChanges {

    private static final Logger log = LoggerFactory.getLogger(LocalChanges.class);

    private final String node;
    private final Map<String, LocalService> services;
    private final Map<String, LocalCheck> checks;
    private final LocalFiles files;
    /** When each critical check turned critical (System.nanoTime), for the service reaper. */
    private final Map<String, Long> criticalSince = new java.util.HashMap<>();

    LocalChanges(String node, Map<String, LocalService> services, Map<String, LocalCheck> checks, LocalFiles files) {
        this.node = node;
        this.services = services;
        this.checks = checks;
        this.files = files;
    }

    List<Runnable> addService(ServiceDefinition def, boolean replaceExistingChecks, DefinitionSource source,
            CheckRunners runners, CheckListener listener) {
        List<Runnable> after = new ArrayList<>();
        LocalService service = LocalService.of(def, source);
        String id = service.id();
        List<CheckDefinition> own = serviceChecks(def, service.service());
        if (replaceExistingChecks) {
            Set<String> keep = new HashSet<>();
            own.forEach(c -> keep.add(c.id()));
            for (LocalCheck c : List.copyOf(checks.values())) {
                if (c.check().serviceId().equals(id) && c.definition() != null && !keep.contains(c.id())) {
                    after.addAll(removeCheck(c.id(), runners));
                }
            }
        }
        services.put(id, service);
        if (files != null) {
            if (source == DefinitionSource.API) {
                files.saveService(service.definition());
            } else {
                files.deleteService(id);
            }
        }
        for (CheckDefinition c : own) {
            after.addAll(addCheck(c, source, true, runners, listener));
        }
        return after;
    }

    List<Runnable> removeService(String id, CheckRunners runners) {
        List<Runnable> after = new ArrayList<>();
        services.remove(id);
        if (files != null) {
            files.deleteService(id);
        }
        for (LocalCheck c : List.copyOf(checks.values())) {
            if (c.check().serviceId().equals(id)) {
                after.addAll(removeCheck(c.id(), runners));
            }
        }
        return after;
    }

    /**
     * Registers {@code d} (its ID and service already filled in). With {@code keepState}, a check already
     * registered under the ID with the same kind keeps its status and output unless {@code d} sets a status,
     * so that re-registering a service or a reload does not flap its health.
     */
    List<Runnable> addCheck(CheckDefinition d, DefinitionSource source, boolean keepState, CheckRunners runners,
            CheckListener listener) {
        LocalService svc = d.serviceId().isEmpty() ? null : services.get(d.serviceId());
        LocalCheck check = LocalCheck.of(node, d, svc == null ? null : svc.service(), source);
        LocalCheck old = checks.get(d.id());
        boolean kept = keepState && old != null && old.definition() != null
                && old.definition().type().equals(d.type()) && d.status().isEmpty();
        if (kept) {
            check = check.withState(old.check().status(), old.check().output());
        }
        checks.put(d.id(), check);
        trackCritical(check);
        persist(check);
        HealthCheck state = check.check();
        boolean ttl = check.isTtl();
        return List.of(() -> {
            runners.start(d.id(), d, listener);
            if (kept && ttl) {
                runners.ttl(d.id()).ifPresent(t -> t.update(state.status(), state.output()));
            }
        });
    }

    List<Runnable> removeCheck(String id, CheckRunners runners) {
        checks.remove(id);
        criticalSince.remove(id);
        if (files != null) {
            files.deleteCheck(id);
        }
        return List.of(() -> runners.stop(id));
    }

    /** Adds a maintenance check (nothing runs it); persisted, as Consul does. */
    List<Runnable> putMaintenance(LocalCheck check) {
        checks.put(check.id(), check);
        if (files != null) {
            files.saveCheck(check);
        }
        return List.of();
    }

    /** What a new check state changed. */
    enum StateChange { NONE, OUTPUT, STATUS }

    /** A new state for a check; {@link StateChange#NONE} when nothing changed (or the check is gone). */
    StateChange setState(String id, String status, String output) {
        LocalCheck c = checks.get(id);
        if (c == null || c.check().status().equals(status) && c.check().output().equals(output)) {
            return StateChange.NONE;
        }
        boolean statusChanged = !c.check().status().equals(status);
        LocalCheck updated = c.withState(status, output);
        checks.put(id, updated);
        trackCritical(updated);
        if (updated.isTtl()) {
            persist(updated);
        }
        return statusChanged ? StateChange.STATUS : StateChange.OUTPUT;
    }

    /** See {@link LocalAgent#reload}; {@code newChecks} have their IDs filled in. */
    List<Runnable> reload(List<ServiceDefinition> newServices, List<CheckDefinition> newChecks, CheckRunners runners,
            CheckListener listener) {
        List<Runnable> after = new ArrayList<>();
        Set<String> serviceIds = new HashSet<>();
        Set<String> checkIds = new HashSet<>();
        for (ServiceDefinition s : newServices) {
            LocalService ls = LocalService.of(s, DefinitionSource.CONFIG);
            serviceIds.add(ls.id());
            serviceChecks(s, ls.service()).forEach(c -> checkIds.add(c.id()));
        }
        newChecks.forEach(c -> checkIds.add(c.id()));
        for (CheckDefinition c : newChecks) {
            LocalService bound = services.get(c.serviceId());
            boolean kept = bound != null && bound.source() == DefinitionSource.API;
            if (!c.serviceId().isEmpty() && !serviceIds.contains(c.serviceId()) && !kept) {
                throw new IllegalArgumentException("ServiceID \"" + c.serviceId() + "\" does not exist");
            }
        }
        for (LocalService s : List.copyOf(services.values())) {
            if (s.source() == DefinitionSource.CONFIG && !serviceIds.contains(s.id())) {
                after.addAll(removeService(s.id(), runners));
            }
        }
        for (LocalCheck c : List.copyOf(checks.values())) {
            if (c.source() == DefinitionSource.CONFIG && !checkIds.contains(c.id())) {
                after.addAll(removeCheck(c.id(), runners));
            }
        }
        for (ServiceDefinition s : newServices) {
            after.addAll(addService(s, true, DefinitionSource.CONFIG, runners, listener));
        }
        for (CheckDefinition c : newChecks) {
            after.addAll(addCheck(c, DefinitionSource.CONFIG, true, runners, listener));
        }
        return after;
    }

    /**
     * Loads the persisted API services and checks that no config-file definition took over, leaving out
     * (with a warning) a check the agent's rules now refuse, such as a script check with scripts turned off.
     */
    List<Runnable> restore(LocalFiles from, DefinitionRules rules, CheckRunners runners, CheckListener listener) {
        List<Runnable> after = new ArrayList<>();
        for (ServiceDefinition s : from.loadServices()) {
            if (services.containsKey(s.effectiveId())) {
                log.warn("service {} is defined in a config file; not restoring its persisted copy", s.effectiveId());
                continue;
            }
            services.put(s.effectiveId(), LocalService.of(s, DefinitionSource.API));
        }
        for (LocalFiles.PersistedCheck p : from.loadChecks()) {
            HealthCheck h = p.check();
            if (checks.containsKey(h.checkId())) {
                continue;
            }
            if (!h.serviceId().isEmpty() && !services.containsKey(h.serviceId())) {
                log.warn("check {}: its service {} is gone; not restoring it", h.checkId(), h.serviceId());
                continue;
            }
            if (p.definition() != null) {
                try {
                    rules.validate(p.definition(), DefinitionSource.API);
                } catch (IllegalArgumentException e) {
                    log.warn("Failed to restore check {}: {}", h.checkId(), e.getMessage());
                    continue;
                }
            }
            HealthCheck restored = new HealthCheck(node, h.checkId(), h.name(), h.status(), h.notes(), h.output(),
                    h.serviceId(), h.serviceName(), h.serviceTags(), h.type(), h.interval(), h.timeout(), 0, 0);
            LocalCheck c = new LocalCheck(restored, p.definition(), DefinitionSource.API);
            checks.put(c.id(), c);
            trackCritical(c);
            if (c.definition() != null) {
                after.add(() -> {
                    runners.start(c.id(), c.definition(), listener);
                    if (c.isTtl()) {
                        runners.ttl(c.id()).ifPresent(t -> t.update(restored.status(), restored.output()));
                    }
                });
            }
        }
        return after;
    }

    /**
     * The services with a check critical for longer than its {@code deregister_critical_service_after}
     * (at least {@code minimum}), as of {@code now} (System.nanoTime).
     */
    java.util.Set<String> servicesToReap(long now, java.time.Duration minimum) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (LocalCheck c : checks.values()) {
            Long since = criticalSince.get(c.id());
            java.time.Duration after = c.definition() == null ? null : c.definition().deregisterCriticalServiceAfter();
            if (since == null || after == null || after.isZero() || c.check().serviceId().isEmpty()) {
                continue;
            }
            long limit = (after.compareTo(minimum) < 0 ? minimum : after).toNanos();
            if (now - since > limit) {
                out.add(c.check().serviceId());
            }
        }
        return out;
    }

    private void trackCritical(LocalCheck c) {
        if (c.check().status().equals(io.proconsul.core.catalog.HealthStatus.CRITICAL)) {
            criticalSince.putIfAbsent(c.id(), System.nanoTime());
        } else {
            criticalSince.remove(c.id());
        }
    }

    private static List<CheckDefinition> serviceChecks(ServiceDefinition def, NodeService service) {
        List<CheckDefinition> out = new ArrayList<>();
        for (int i = 0; i < def.checks().size(); i++) {
            out.add(LocalCheck.forService(def.checks().get(i), service, i, def.checks().size()));
        }
        return out;
    }

    private void persist(LocalCheck check) {
        if (files == null) {
            return;
        }
        if (check.source() == DefinitionSource.API) {
            files.saveCheck(check);
        } else {
            files.deleteCheck(check.id());
        }
    }
}
