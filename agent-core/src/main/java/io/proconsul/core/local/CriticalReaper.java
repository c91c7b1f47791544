package io.proconsul.core.local;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's service reaper ({@code agent.reapServices}): every {@link Timing#interval()} it deregisters the
 * services with a check that has been critical for longer than the check's
 * {@code deregister_critical_service_after} (raised to {@link Timing#minimum()}, Consul's
 * {@code check_deregister_interval_min}).
 *
 * <p>Threading: runs on a daemon thread of its own; {@link #close()} stops it.
 */
final class CriticalReaper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CriticalReaper.class);

    /** Consul's {@code check_reap_interval} (30 s) and {@code check_deregister_interval_min} (1 minute). */
    record Timing(Duration interval, Duration minimum) {
        static final Timing DEFAULTS = new Timing(Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    private final ScheduledExecutorService executor;

    CriticalReaper(Timing timing, Runnable reap) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-reaper");
            t.setDaemon(true);
            return t;
        });
        long every = timing.interval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                reap.run();
            } catch (RuntimeException e) {
                log.error("failed reaping services: {}", e.toString(), e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
