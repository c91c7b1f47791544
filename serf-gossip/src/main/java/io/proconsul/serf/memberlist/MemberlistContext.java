package io.proconsul.serf.memberlist;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * What the parts of one memberlist instance ({@link NodeTable}, {@link Prober}, {@link SuspicionTimers})
 * share: identity, timing, the delegate, the broadcast queue and the gossip thread's scheduler. Implemented
 * by {@link Memberlist}; all methods are for the gossip thread.
 */
interface MemberlistContext {

    String localName();

    GossipTiming timing();

    MemberlistDelegate delegate();

    Awareness awareness();

    long nanoTime();

    /** Queues a message for piggybacked gossip, replacing queued news about the same node. */
    void broadcast(String node, Message message, Runnable onSent);

    /** Runs {@code task} on the gossip thread after {@code delay}. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay);
}
