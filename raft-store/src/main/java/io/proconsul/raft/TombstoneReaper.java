package io.proconsul.raft;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's tombstone GC (agent/consul/state/tombstone_gc.go): KV tombstones must outlive the blocking
 * queries that might still need them, so each is kept for a TTL (15 minutes), then the leader commits a
 * reap of every tombstone up to the index it was hinted with. Hints are grouped into buckets by expiry
 * time, rounded up to a granularity (30 s), so one reap covers many deletes.
 *
 * <p>Only the leader reaps: it is enabled on gaining leadership (and then hints the applied index, to
 * cover tombstones it inherited) and disabled, forgetting its buckets, on losing it. Thread-safe; expiry
 * runs on the scheduler and only submits the reap.
 */
final class TombstoneReaper {

    static final Duration TTL = Duration.ofMinutes(15);
    static final Duration GRANULARITY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TombstoneReaper.class);

    private final Duration ttl;
    private final Duration granularity;
    private final ScheduledExecutorService scheduler;
    private final LongConsumer reap;
    private final Map<Long, Long> buckets = new ConcurrentSkipListMap<>();
    private volatile boolean enabled;

    /** @param reap submits a reap of tombstones at or below the given index through Raft */
    TombstoneReaper(Duration ttl, Duration granularity, ScheduledExecutorService scheduler, LongConsumer reap) {
        this.ttl = ttl;
        this.granularity = granularity;
        this.scheduler = scheduler;
        this.reap = reap;
    }

    synchronized void setEnabled(boolean on, long appliedIndex) {
        enabled = on;
        buckets.clear();
        if (on && appliedIndex > 0) {
            hint(appliedIndex);
        }
    }

    /** Tombstones were written at {@code index}: reap them once the TTL has passed. */
    synchronized void hint(long index) {
        if (!enabled) {
            return;
        }
        long gran = granularity.toMillis();
        long expires = ((System.currentTimeMillis() + ttl.toMillis()) / gran + 1) * gran;
        boolean fresh = !buckets.containsKey(expires);
        buckets.merge(expires, index, Math::max);
        if (fresh) {
            scheduler.schedule(() -> expire(expires), Math.max(0, expires - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void expire(long bucket) {
        Long index;
        synchronized (this) {
            index = enabled ? buckets.remove(bucket) : null;
        }
        if (index != null) {
            log.debug("reaping tombstones up to index {}", index);
            reap.accept(index);
        }
    }
}
