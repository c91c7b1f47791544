package io.proconsul.serf;

import io.proconsul.serf.SerfMessage.JoinIntent;
import io.proconsul.serf.SerfMessage.LeaveIntent;
import io.proconsul.serf.memberlist.TransmitLimitedQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Originates serf's intents (serf's {@code broadcastJoin} and the leave messages of {@code Leave} and
 * {@code forceLeave}): stamps them with the Lamport clock, applies them locally first, then queues them
 * for gossip. Gossip-thread only.
 */
final class IntentSender {

    private final String localName;
    private final LamportClock clock;
    private final MemberTable table;
    private final TransmitLimitedQueue intents;

    IntentSender(String localName, LamportClock clock, MemberTable table, TransmitLimitedQueue intents) {
        this.localName = localName;
        this.clock = clock;
        this.intents = intents;
        this.table = table;
    }

    /** Tells everyone this member is (still) here at {@code ltime}. */
    void join(long ltime) {
        JoinIntent msg = new JoinIntent(ltime, localName);
        clock.witness(ltime);
        table.joinIntent(msg);
        intents.queue(null, SerfMessage.encode(msg), null);
    }

    /**
     * Announces that {@code node} leaves (ourselves, or a forced leave); completes once the message was
     * gossiped its last time, or at once when nobody else is alive to hear it.
     */
    CompletableFuture<Void> leave(String node, boolean prune, boolean localAlive, Runnable refute,
            Runnable pruneLater) {
        LeaveIntent msg = new LeaveIntent(clock.time(), node, prune);
        clock.increment();
        table.leaveIntent(msg, localAlive, refute, pruneLater);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        if (table.hasOtherAlive()) {
            intents.queue(null, SerfMessage.encode(msg), () -> sent.complete(null));
        } else {
            sent.complete(null);
        }
        return sent;
    }
}
