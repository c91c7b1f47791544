package io.proconsul.core.event;

import java.util.Set;

/**
 * State tables changed at a Raft index: published by the state machine after each applied write, so that
 * caches (DNS, agent views) can refresh. Blocking queries are woken by the store's own watch index, which
 * is finer-grained (per key prefix); this event is for everything else.
 */
public record TablesChanged(Set<String> tables, long index) implements Event {

    public TablesChanged {
        tables = Set.copyOf(tables);
    }
}
