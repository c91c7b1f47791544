package io.proconsul.core.check;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Probe} every interval (Consul's {@code CheckMonitor}/{@code CheckHTTP}/{@code CheckTCP}
 * {@code run} loop): the first probe after a random stagger in {@code [0, interval)}, each next one an
 * interval after the previous ended. The timer thread only hands probes to the worker pool.
 */
final class IntervalRunner implements CheckRunners.Runner {

    private static final Logger log = LoggerFactory.getLogger(IntervalRunner.class);

    private final String checkId;
    private final Probe probe;
    private final Duration interval;
    private final StatusCounter counter;
    private final CheckListener listener;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final Object lock = new Object();
    private boolean stopped;
    private Future<?> pending;

    IntervalRunner(String checkId, Probe probe, Duration interval, StatusCounter counter, CheckListener listener,
            ScheduledExecutorService timer, ExecutorService workers) {
        this.checkId = checkId;
        this.probe = probe;
        this.interval = interval;
        this.counter = counter;
        this.listener = listener;
        this.timer = timer;
        this.workers = workers;
    }

    @Override
    public void start() {
        schedule(ThreadLocalRandom.current().nextLong(interval.toNanos()));
    }

    @Override
    public void stop() {
        synchronized (lock) {
            stopped = true;
            if (pending != null) {
                pending.cancel(true);
            }
        }
    }

    private void schedule(long delayNanos) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            try {
                pending = timer.schedule(this::submit, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                stopped = true;
            }
        }
    }

    private void submit() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            try {
                pending = workers.submit(this::runOnce);
            } catch (RejectedExecutionException closing) {
                stopped = true;
            }
        }
    }

    private void runOnce() {
        CheckResult result;
        try {
            result = probe.check();
        } catch (InterruptedException stoppedMeanwhile) {
            return;
        } catch (RuntimeException e) {
            log.warn("check {}: probe failed", checkId, e);
            result = CheckResult.critical(String.valueOf(e.getMessage()));
        }
        synchronized (lock) {
            if (stopped) {
                return;
            }
            CheckResult reported = counter.next(result);
            if (reported != null) {
                report(reported);
            } else {
                log.debug("check {}: {} held back by its threshold", checkId, result.status());
            }
        }
        schedule(interval.toNanos());
    }

    /** A listener that throws must not end the check's schedule: the next probe still runs. */
    private void report(CheckResult reported) {
        try {
            listener.update(checkId, reported.status(), reported.output());
        } catch (RuntimeException e) {
            log.error("check {}: listener failed on {}", checkId, reported.status(), e);
        }
    }
}
