package io.proconsul.core.userevent;

import io.proconsul.core.event.Event;

/**
 * A serf user event that a gossip pool saw for the first time (its own included), published on the bus by
 * the pool. Serf has already dropped duplicates and events older than its buffer; {@link UserEvents} turns
 * Consul's ones (named {@code consul:event:<name>}) into {@link UserEvent}s.
 *
 * @param pool {@code "lan"} or {@code "wan"}
 * @param ltime the event's Lamport time in that pool
 * @param payload read-only; shared with the pool
 */
public record GossipUserEvent(String pool, long ltime, String name, byte[] payload, boolean coalesce)
        implements Event {}
