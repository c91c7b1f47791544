package io.proconsul.raft.watch;

import io.proconsul.raft.state.WriteTx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Blocking-query waiters keyed by KV key or key prefix, the role memdb's watch channels play in Consul.
 * A write to key {@code k} fires the watches on {@code k} and on every prefix of {@code k}, and no
 * others; a {@code delete-tree} of prefix {@code p} fires the watches on keys and prefixes under
 * {@code p} and on the prefixes of {@code p}.
 *
 * <p>A watch fires at most once and is then forgotten. {@link #fire} runs on the apply thread and only
 * collects the watches: completing them (and whatever query work hangs off them) runs on the executor.
 * Thread-safe.
 */
public final class KeyWatches {

    private final Map<String, Set<Watch>> keys = new ConcurrentHashMap<>();
    private final Map<String, Set<Watch>> prefixes = new ConcurrentHashMap<>();
    private final Executor executor;

    public KeyWatches(Executor executor) {
        this.executor = executor;
    }

    /** Watches the single key {@code key}. */
    public Watch key(String key) {
        return add(keys, key);
    }

    /** Watches every key starting with {@code prefix} ({@code ""}: the whole KV table). */
    public Watch prefix(String prefix) {
        return add(prefixes, prefix);
    }

    /** How many watches are waiting; for tests and metrics. */
    public int size() {
        return keys.values().stream().mapToInt(Set::size).sum() + prefixes.values().stream().mapToInt(Set::size).sum();
    }

    /** Fires the watches that {@code changes} concern. */
    public void fire(WriteTx.Changes changes) {
        List<Watch> fired = new ArrayList<>();
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
        if (!fired.isEmpty()) {
            executor.execute(() -> fired.forEach(w -> w.fired.complete(null)));
        }
    }

    private Watch add(Map<String, Set<Watch>> map, String target) {
        Watch w = new Watch(map, target);
        map.compute(target, (k, set) -> {
            Set<Watch> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(w);
            return s;
        });
        return w;
    }

    private static void take(Map<String, Set<Watch>> map, String target, List<Watch> out) {
        Set<Watch> set = map.remove(target);
        if (set != null) {
            out.addAll(set);
        }
    }

    private static void takeAll(Map<String, Set<Watch>> map, java.util.function.Predicate<String> match, List<Watch> out) {
        for (String target : List.copyOf(map.keySet())) {
            if (match.test(target)) {
                take(map, target, out);
            }
        }
    }

    /** One registration. {@link #fired()} completes (on the executor) when a matching write is applied. */
    public static final class Watch {
        private final Map<String, Set<Watch>> owner;
        private final String target;
        private final CompletableFuture<Void> fired = new CompletableFuture<>();

        private Watch(Map<String, Set<Watch>> owner, String target) {
            this.owner = owner;
            this.target = target;
        }

        public CompletableFuture<Void> fired() {
            return fired;
        }

        /** Forgets the registration without firing it; idempotent. */
        public void cancel() {
            owner.computeIfPresent(target, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
