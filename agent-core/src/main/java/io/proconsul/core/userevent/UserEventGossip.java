package io.proconsul.core.userevent;

import java.util.concurrent.CompletableFuture;

/**
 * Where {@link UserEvents} broadcasts: a gossip pool's serf user events (serf's {@code UserEvent}).
 * Implemented by the LAN pool.
 */
public interface UserEventGossip {

    /**
     * Broadcasts an event at the pool's next event time and delivers it locally as a
     * {@link GossipUserEvent}. Completes once queued; exceptionally (with serf's message) when it is over the
     * size limit or the pool is not running. Never blocks.
     */
    CompletableFuture<Void> userEvent(String name, byte[] payload, boolean coalesce);
}
