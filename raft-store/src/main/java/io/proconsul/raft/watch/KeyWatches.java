package io.proconsul.raft.watch;

import io.proconsul.raft.state.WriteTx;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Blocking-query waiters, the role memdb's watch channels play in Consul, on three kinds of target:
 * <ul>
 *   <li>a KV key or key prefix: a write to key {@code k} fires the watches on {@code k} and on every
 *       prefix of {@code k}, and no others; a {@code delete-tree} of prefix {@code p} fires the watches on
 *       keys and prefixes under {@code p} and on the prefixes of {@code p};
 *   <li>a table ({@code nodes}, {@code services}, {@code checks}): any write to it;
 *   <li>one catalog service: a move of that service's own index, so that a write to service A never
 *       wakes a query on service B (Consul #1244).
 * </ul>
 * One watch may cover several targets (a node's info watches {@code nodes} and {@code services}).
 *
 * <p>A watch fires at most once and is then forgotten everywhere. {@link #fire} runs on the apply thread
 * and only collects the watches: completing them (and whatever query work hangs off them) runs on the
 * executor. No thread waits on a watch. Thread-safe.
 */
public final class KeyWatches {

    private final Map<String, Set<Watch>> keys = new ConcurrentHashMap<>();
    private final Map<String, Set<Watch>> prefixes = new ConcurrentHashMap<>();
    private final Map<String, Set<Watch>> tables = new ConcurrentHashMap<>();
    private final Map<String, Set<Watch>> services = new ConcurrentHashMap<>();
    private final Executor executor;

    public KeyWatches(Executor executor) {
        this.executor = executor;
    }

    /** Watches the single key {@code key}. */
    public Watch key(String key) {
        return add(new Watch(), keys, key);
    }

    /** Watches every key starting with {@code prefix} ({@code ""}: the whole KV table). */
    public Watch prefix(String prefix) {
        return add(new Watch(), prefixes, prefix);
    }

    /** Watches every write to any of {@code names} (Consul's table names, as {@code TablesChanged} has them). */
    public Watch tables(String... names) {
        Watch w = new Watch();
        for (String name : names) {
            add(w, tables, name);
        }
        return w;
    }

    /** Watches one catalog service's own index; {@code service} is compared case-insensitively. */
    public Watch service(String service) {
        return add(new Watch(), services, service.toLowerCase(Locale.ROOT));
    }

    /** How many watches are waiting; for tests and metrics. */
    public int size() {
        Set<Watch> all = new HashSet<>();
        for (Map<String, Set<Watch>> m : List.of(keys, prefixes, tables, services)) {
            m.values().forEach(all::addAll);
        }
        return all.size();
    }

    /** Fires the watches that {@code changes} concern. */
    public void fire(WriteTx.Changes changes) {
        Set<Watch> fired = new LinkedHashSet<>();
        for (String k : changes.keys()) {
            take(keys, k, fired);
            for (int i = 0; i <= k.length(); i++) {
                take(prefixes, k.substring(0, i), fired);
            }
        }
        for (String p : changes.prefixes()) {
            takeAll(keys, k -> k.startsWith(p), fired);
            takeAll(prefixes, w -> w.startsWith(p) || p.startsWith(w), fired);
        }
        for (String t : changes.tables()) {
            take(tables, t, fired);
        }
        if (changes.services().contains(WriteTx.Changes.EVERY_SERVICE)) {
            takeAll(services, s -> true, fired);
        } else {
            for (String s : changes.services()) {
                take(services, s, fired);
            }
        }
        if (!fired.isEmpty()) {
            // A watch on several targets was taken from one; forget it under the others too.
            fired.forEach(Watch::cancel);
            executor.execute(() -> fired.forEach(w -> w.fired.complete(null)));
        }
    }

    private static Watch add(Watch w, Map<String, Set<Watch>> map, String target) {
        w.targets.add(Map.entry(map, target));
        map.compute(target, (k, set) -> {
            Set<Watch> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(w);
            return s;
        });
        return w;
    }

    private static void take(Map<String, Set<Watch>> map, String target, Set<Watch> out) {
        Set<Watch> set = map.remove(target);
        if (set != null) {
            out.addAll(set);
        }
    }

    private static void takeAll(Map<String, Set<Watch>> map, Predicate<String> match, Set<Watch> out) {
        for (String target : List.copyOf(map.keySet())) {
            if (match.test(target)) {
                take(map, target, out);
            }
        }
    }

    /** One registration. {@link #fired()} completes (on the executor) when a matching write is applied. */
    public static final class Watch {
        private final List<Map.Entry<Map<String, Set<Watch>>, String>> targets = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> fired = new CompletableFuture<>();

        private Watch() {}

        public CompletableFuture<Void> fired() {
            return fired;
        }

        /** Forgets the registration without firing it; idempotent. */
        public void cancel() {
            for (Map.Entry<Map<String, Set<Watch>>, String> t : targets) {
                t.getKey().computeIfPresent(t.getValue(), (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}
