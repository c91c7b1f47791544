package io.proconsul.serf;

import io.proconsul.serf.SerfMessage.PushPullState;
import io.proconsul.serf.SerfMessage.UserEventMessage;
import io.proconsul.serf.memberlist.TransmitLimitedQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Serf's user events for one pool ({@code UserEvent}, {@code handleUserEvent} and the event half of the
 * push-pull merge): stamps new events with the event clock, drops the ones seen before (same time, name and
 * payload, remembered for the last {@value #BUFFER} event times), too old for that buffer, or older than the
 * pool's minimum event time (set when joining, so a joining member is not replayed what happened before it
 * came, as Consul joins with serf's {@code ignoreOld}; and after a restart, from the snapshot). Each event
 * seen for the first time is delivered once and, when it came by gossip, gossiped on from its own queue,
 * which carries what room the intents leave.
 *
 * <p>Gossip-thread only, except {@link #fireOn}, {@link #beginJoin}/{@link #endJoin} and {@link #check}.
 */
final class UserEventRelay {

    /** Serf's default {@code UserEventSizeLimit}, which Consul keeps: name plus payload, and encoded. */
    static final int SIZE_LIMIT = 512;
    /** Serf's default {@code EventBuffer}: how many event times are remembered for de-duplication. */
    static final int BUFFER = 512;
    /** Serf's default {@code MaxQueueDepth}: older queued events are dropped past it. */
    static final int MAX_QUEUE_DEPTH = 4096;

    private record Slot(long ltime, List<UserEventMessage> events) {}

    private final LamportClock clock;
    private final TransmitLimitedQueue queue;
    private final Consumer<UserEventMessage> deliver;
    private final Slot[] buffer = new Slot[BUFFER];
    private final AtomicInteger joining = new AtomicInteger();
    private long minTime;

    UserEventRelay(LamportClock clock, TransmitLimitedQueue queue, Consumer<UserEventMessage> deliver) {
        this.clock = clock;
        this.queue = queue;
        this.deliver = deliver;
    }

    /** Serf's limits on an event to fire; throws with serf's message. Any thread. */
    static void check(String name, byte[] payload) {
        int size = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + payload.length;
        if (size > SIZE_LIMIT) {
            throw new IllegalArgumentException(
                    "user event exceeds configured limit of " + SIZE_LIMIT + " bytes before encoding");
        }
        if (size > SerfMessage.MAX_EVENT) {
            throw new IllegalArgumentException(
                    "user event exceeds sane limit of " + SerfMessage.MAX_EVENT + " bytes before encoding");
        }
    }

    /**
     * {@link #fire} on the gossip thread: fails at once when over the size limit, otherwise completes once
     * the event is delivered here and queued (exceptionally if it encodes too large).
     */
    CompletableFuture<Void> fireOn(Executor gossipThread, String name, byte[] payload, boolean coalesce) {
        try {
            check(name, payload);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.runAsync(() -> fire(name, payload, coalesce), gossipThread);
    }

    /** Fires an event at the current event time (serf's {@code UserEvent}), delivering it here first. */
    void fire(String name, byte[] payload, boolean coalesce) {
        check(name, payload);
        UserEventMessage msg = new UserEventMessage(clock.time(), name, payload, coalesce);
        byte[] raw = SerfMessage.encode(msg);
        if (raw.length > SIZE_LIMIT) {
            throw new IllegalArgumentException(
                    "encoded user event exceeds limit of " + SIZE_LIMIT + " bytes after encoding");
        }
        clock.increment();
        receive(msg);
        enqueue(raw);
    }

    /** An event that arrived by gossip: delivered and gossiped on if it is new. */
    void gossiped(UserEventMessage msg, byte[] raw) {
        if (receive(msg)) {
            enqueue(raw);
        }
    }

    private void enqueue(byte[] raw) {
        queue.queue(null, raw, null);
        queue.prune(MAX_QUEUE_DEPTH);
    }

    /** Serf's {@code handleUserEvent}: true (and delivered) when the event is seen for the first time. */
    boolean receive(UserEventMessage msg) {
        clock.witness(msg.ltime());
        if (msg.ltime() < minTime) {
            return false;
        }
        long now = clock.time();
        if (now > BUFFER && msg.ltime() < now - BUFFER) {
            return false;
        }
        int idx = (int) Long.remainderUnsigned(msg.ltime(), BUFFER);
        Slot seen = buffer[idx];
        if (seen != null && seen.ltime() == msg.ltime()) {
            if (seen.events().stream().anyMatch(msg::sameAs)) {
                return false;
            }
        } else {
            seen = new Slot(msg.ltime(), new ArrayList<>(2));
            buffer[idx] = seen;
        }
        seen.events().add(msg);
        deliver.accept(msg);
        return true;
    }

    /** The remembered events, for the push-pull state (serf sends its whole event buffer). */
    List<UserEventMessage> recent() {
        List<UserEventMessage> out = new ArrayList<>();
        for (Slot s : buffer) {
            if (s != null) {
                out.addAll(s.events());
            }
        }
        return out;
    }

    /**
     * The event half of serf's {@code MergeRemoteState}: during our own join, nothing before the remote's
     * event time is taken; then every event it remembers goes through {@link #receive} (not re-gossiped).
     */
    void merge(PushPullState pp, boolean join) {
        if (pp.eventLTime() > 0) {
            clock.witness(pp.eventLTime() - 1);
        }
        if (join && joining.get() > 0 && pp.eventLTime() > minTime) {
            minTime = pp.eventLTime();
        }
        pp.events().forEach(this::receive);
    }

    /** Events before {@code t} are dropped (serf, after restoring the event clock from its snapshot). */
    void ignoreBefore(long t) {
        minTime = Math.max(minTime, t);
    }

    /** Marks a join in progress: push-pull merges during it raise the minimum event time. Any thread. */
    void beginJoin() {
        joining.incrementAndGet();
    }

    void endJoin() {
        joining.decrementAndGet();
    }

    /** The events to piggyback in {@code limit} bytes. */
    List<byte[]> take(int overhead, int limit) {
        return queue.take(overhead, limit);
    }

    int queued() {
        return queue.size();
    }
}
