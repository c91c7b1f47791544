package io.proconsul.raft;

import io.proconsul.core.store.CatalogNodes;
import io.proconsul.core.store.CatalogServices;
import io.proconsul.core.store.ChecksInState;
import io.proconsul.core.store.NodeChecks;
import io.proconsul.core.store.NodeInfo;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.ServiceChecks;
import io.proconsul.core.store.ServiceNodes;
import io.proconsul.raft.state.Indexed;
import io.proconsul.raft.state.StateStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Memoises catalog reads per query and state version: the answers are immutable records, so every reader
 * of the same query at the same committed state can share one. This is what keeps a check flip watched by
 * thousands of blocking queries, or a DNS name asked thousands of times a second, from decoding the same
 * rows once per request.
 *
 * <p>An entry is valid only for the {@link StateStore} instance and {@link StateStore#version()} it was
 * read at; the version moves before a commit wakes any watcher, so a woken query never gets the answer
 * from before the write. KV reads are not memoised (values up to 512 KiB each, keys without bound).
 * Bounded: past {@link #MAX_ENTRIES} distinct queries the map is cleared. Thread-safe; a read that throws
 * is not remembered.
 */
final class QueryCache {

    static final int MAX_ENTRIES = 4096;

    private final ConcurrentHashMap<Query<?>, Entry> entries = new ConcurrentHashMap<>();

    static boolean cacheable(Query<?> query) {
        return query instanceof ServiceNodes || query instanceof CatalogNodes || query instanceof CatalogServices
                || query instanceof NodeInfo || query instanceof NodeChecks || query instanceof ServiceChecks
                || query instanceof ChecksInState;
    }

    /** {@code reader} applied to {@code state}, or the answer an earlier reader got at the same state. */
    @SuppressWarnings("unchecked")
    <T> Indexed<T> read(Query<T> query, StateStore state, Function<StateStore, Indexed<T>> reader) {
        long version = state.version();
        Entry current = entries.get(query);
        if (current == null || current.state != state || current.version != version) {
            Entry fresh = new Entry(state, version);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            current = entries.compute(query,
                    (q, old) -> old != null && old.state == state && old.version == version ? old : fresh);
        }
        return (Indexed<T>) current.get(() -> reader.apply(state));
    }

    /** One memoised answer; computed by the first reader, the others wait for it. */
    private static final class Entry {
        final StateStore state;
        final long version;
        private Indexed<?> value;

        Entry(StateStore state, long version) {
            this.state = state;
            this.version = version;
        }

        synchronized Indexed<?> get(java.util.function.Supplier<Indexed<?>> compute) {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }
    }
}
