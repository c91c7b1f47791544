package io.proconsul.raft.fsm;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Futures waiting for the state machine to reach an applied index. {@link #advance} runs on the apply
 * thread and only completes futures; whoever waits moves its work to its own executor. Thread-safe.
 */
final class AppliedWaiters {

    private final ConcurrentSkipListMap<Long, List<CompletableFuture<Void>>> waiting = new ConcurrentSkipListMap<>();
    private volatile long applied = -1;

    CompletableFuture<Void> await(long index, long appliedNow) {
        if (index <= Math.max(applied, appliedNow)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiting.computeIfAbsent(index, k -> new CopyOnWriteArrayList<>()).add(f);
        // advance() publishes the index before taking the lists: if it took ours before we added to it,
        // we see the index here.
        if (index <= applied) {
            f.complete(null);
        }
        return f;
    }

    void advance(long index) {
        if (index > applied) {
            applied = index;
        }
        ConcurrentNavigableMap<Long, List<CompletableFuture<Void>>> due = waiting.headMap(index, true);
        for (Map.Entry<Long, List<CompletableFuture<Void>>> e : due.entrySet()) {
            List<CompletableFuture<Void>> list = waiting.remove(e.getKey());
            if (list != null) {
                list.forEach(f -> f.complete(null));
            }
        }
    }
}
