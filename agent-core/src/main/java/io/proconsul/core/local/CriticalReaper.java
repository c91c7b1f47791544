package io.proconsul.core.local;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's service reaper ({@code agent.reapServices}): every {@link Timing#interval()} it deregisters the
 * services with a check that has been critical for longer than the check's
 * {@code deregister_critical_service_after} (raised to {@link Timing#minimum()}, Consul's
 * {@code check_deregister_interval_min}).
 *
 * <p>Threading: runs on the scheduler it is given (anti-entropy's thread, so the local state costs one
 * thread less); {@link #close()} stops it.
 */
final class CriticalReaper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CriticalReaper.class);

    /** Consul's {@code check_reap_interval} (30 s) and {@code check_deregister_interval_min} (1 minute). */
    record Timing(Duration interval, Duration minimum) {
        static final Timing DEFAULTS = new Timing(Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    private final ScheduledFuture<?> task;

    CriticalReaper(Timing timing, Runnable reap, ScheduledExecutorService scheduler) {
        long every = timing.interval().toMillis();
        task = scheduler.scheduleWithFixedDelay(() -> {
            try {
                reap.run();
            } catch (RuntimeException e) {
                log.error("failed reaping services: {}", e.toString(), e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
