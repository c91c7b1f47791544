package io.proconsul.core.catalog;

import io.proconsul.core.agent.Component;
import io.proconsul.core.membership.Membership;
import io.proconsul.core.store.CoordinateBatchUpdate;
import io.proconsul.core.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every agent's periodic report of its own LAN coordinate to the servers (Consul's {@code sendCoordinate}
 * in agent/agent.go): after each interval it writes the LAN pool's current coordinate for this node,
 * default segment, to the catalog's coordinates table, where {@code /v1/coordinate/*}, {@code ?near} and
 * {@code consul rtt} read it. The interval is Consul's {@code lib.RateScaledInterval}: the LAN member
 * count divided by {@link #RATE_TARGET} updates per second, but never under the minimum
 * ({@code sync_coordinate_interval_min}, 15 s), plus a random stagger of up to one interval so that agents
 * started together do not report together.
 *
 * <p>Each update is its own store write: Consul's servers queue updates and the leader writes them in
 * batches of {@code CoordinateBatchUpdate}, an optimisation (fewer Raft entries on a large cluster) not
 * made here. Nothing is sent while the pool has no valid coordinate. A failed write is logged and the next
 * interval tries again with a fresh coordinate, as Consul does.
 *
 * <p>Threading: one daemon thread of its own; the next interval starts once the write has completed, so
 * writes never pile up behind a slow store. Ownership: the agent closes it; it closes neither the pool nor
 * the store.
 */
public final class CoordinateSync implements Component {

    private static final Logger log = LoggerFactory.getLogger(CoordinateSync.class);

    /** Consul's {@code sync_coordinate_interval_min}. */
    public static final Duration INTERVAL_MIN = Duration.ofSeconds(15);
    /** Consul's {@code sync_coordinate_rate_target}: updates per second the servers should see at most. */
    public static final double RATE_TARGET = 64.0;

    private final String nodeName;
    private final Membership lan;
    private final Store store;
    private final Duration intervalMin;
    private ScheduledExecutorService executor;

    public CoordinateSync(String nodeName, Membership lan, Store store) {
        this(nodeName, lan, store, INTERVAL_MIN);
    }

    /** For tests: another minimum interval. */
    public CoordinateSync(String nodeName, Membership lan, Store store, Duration intervalMin) {
        this.nodeName = nodeName;
        this.lan = lan;
        this.store = store;
        this.intervalMin = intervalMin;
    }

    @Override
    public String name() {
        return "coordinate-sync";
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "coordinate-sync");
            t.setDaemon(true);
            return t;
        });
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = ex;
        scheduleNext(ex);
    }

    /** Consul's {@code lib.RateScaledInterval}: {@code n / rate} seconds, at least {@code min}. */
    static Duration rateScaledInterval(double rate, Duration min, int n) {
        Duration interval = Duration.ofNanos((long) (1.0e9 * n / rate));
        return interval.compareTo(min) < 0 ? min : interval;
    }

    private void scheduleNext(ScheduledExecutorService ex) {
        Duration interval = rateScaledInterval(RATE_TARGET, intervalMin, lan.members().size());
        long nanos = interval.toNanos();
        long stagger = nanos > 0 ? ThreadLocalRandom.current().nextLong(nanos) : 0;
        try {
            ex.schedule(() -> send(ex), nanos + stagger, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed meanwhile: nothing more to send.
        }
    }

    private void send(ScheduledExecutorService ex) {
        Optional<Coordinate> coordinate = lan.networkCoordinate();
        if (coordinate.isEmpty()) {
            scheduleNext(ex);
            return;
        }
        CoordinateEntry entry = new CoordinateEntry(nodeName, "", coordinate.get());
        store.apply(new CoordinateBatchUpdate(List.of(entry))).whenComplete((ok, e) -> {
            if (e != null) {
                log.error("Coordinate update error: error=\"{}\"", e.getMessage());
            }
            scheduleNext(ex);
        });
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
