package io.proconsul.serf.memberlist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntSupplier;

/**
 * Broadcasts waiting to be piggybacked on gossip (memberlist's {@code TransmitLimitedQueue}). Each is sent
 * at most {@code retransmitMult * ceil(log10(n + 1))} times, the least-sent first (then the largest, then
 * the newest), and a new broadcast about the same key (a node name) replaces the queued one, so only the
 * latest news about a node is spread.
 *
 * <p>Not thread-safe for mutation: owned by one gossip thread. {@link #size()} may be read from any thread.
 */
public final class TransmitLimitedQueue {

    private final int retransmitMult;
    private final IntSupplier numNodes;
    private final TreeSet<Entry> queue = new TreeSet<>(Comparator.comparingInt((Entry e) -> e.transmits)
            .thenComparing(e -> -e.message.length).thenComparing(e -> -e.id));
    private final Map<String, Entry> byKey = new HashMap<>();
    private long nextId;
    private volatile int size;

    private static final class Entry {
        final String key;
        final byte[] message;
        final Runnable onFinished;
        final long id;
        int transmits;

        Entry(String key, byte[] message, Runnable onFinished, long id) {
            this.key = key;
            this.message = message;
            this.onFinished = onFinished;
            this.id = id;
        }
    }

    public TransmitLimitedQueue(int retransmitMult, IntSupplier numNodes) {
        this.retransmitMult = retransmitMult;
        this.numNodes = numNodes;
    }

    /**
     * Queues an encoded message body. {@code key} (nullable) names what it is about: a queued broadcast
     * with the same key is dropped. {@code onFinished} (nullable) runs once the message was sent its last
     * time or was replaced.
     */
    public void queue(String key, byte[] message, Runnable onFinished) {
        if (key != null) {
            Entry old = byKey.remove(key);
            if (old != null) {
                queue.remove(old);
                finish(old);
            }
        }
        Entry e = new Entry(key, message, onFinished, nextId++);
        queue.add(e);
        if (key != null) {
            byKey.put(key, e);
        }
        size = queue.size();
    }

    /**
     * Takes the messages that fit in {@code limit} bytes, counting {@code overhead} bytes for each, and
     * counts one transmission for each taken.
     */
    public List<byte[]> take(int overhead, int limit) {
        if (queue.isEmpty()) {
            return List.of();
        }
        int transmitLimit = retransmitMult * (int) Math.ceil(Math.log10(numNodes.getAsInt() + 1.0));
        List<byte[]> out = new ArrayList<>();
        List<Entry> sent = new ArrayList<>();
        int used = 0;
        for (Iterator<Entry> it = queue.iterator(); it.hasNext() && used + overhead < limit; ) {
            Entry e = it.next();
            if (used + overhead + e.message.length > limit) {
                continue;
            }
            used += overhead + e.message.length;
            out.add(e.message);
            it.remove();
            sent.add(e);
        }
        for (Entry e : sent) {
            e.transmits++;
            if (e.transmits >= Math.max(1, transmitLimit)) {
                byKey.remove(e.key, e);
                finish(e);
            } else {
                queue.add(e);
            }
        }
        size = queue.size();
        return out;
    }

    /** Drops the oldest broadcasts beyond {@code max} (serf's queue depth limit). */
    public void prune(int max) {
        while (queue.size() > max) {
            Entry oldest = queue.stream().min(Comparator.comparingLong(e -> e.id)).orElseThrow();
            queue.remove(oldest);
            byKey.remove(oldest.key, oldest);
            finish(oldest);
        }
        size = queue.size();
    }

    /** How many broadcasts are queued. */
    public int size() {
        return size;
    }

    private static void finish(Entry e) {
        if (e.onFinished != null) {
            e.onFinished.run();
        }
    }
}
