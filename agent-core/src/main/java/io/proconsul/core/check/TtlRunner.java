package io.proconsul.core.check;

import io.proconsul.core.catalog.HealthStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's {@code CheckTTL}: the timer starts with the runner, every update re-arms it, and when it fires
 * the check turns critical with {@value TtlCheck#EXPIRED} (plus the last output). It fires once; the next
 * update arms it again.
 */
final class TtlRunner implements CheckRunners.Runner, TtlCheck {

    private static final Logger log = LoggerFactory.getLogger(TtlRunner.class);

    private final String checkId;
    private final Duration ttl;
    private final int outputMaxSize;
    private final CheckListener listener;
    private final ScheduledExecutorService timer;
    private boolean stopped;
    private String lastOutput = "";
    private ScheduledFuture<?> expiry;
    /** Which arming is current: an expiry that fired just as an update re-armed must not count. */
    private long generation;

    TtlRunner(String checkId, Duration ttl, int outputMaxSize, CheckListener listener,
            ScheduledExecutorService timer) {
        this.checkId = checkId;
        this.ttl = ttl;
        this.outputMaxSize = outputMaxSize;
        this.listener = listener;
        this.timer = timer;
    }

    @Override
    public synchronized void start() {
        arm();
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (expiry != null) {
            expiry.cancel(false);
        }
    }

    @Override
    public synchronized String update(String status, String output) {
        String stored = truncate(output == null ? "" : output, outputMaxSize);
        if (stopped) {
            return stored;
        }
        listener.update(checkId, status, stored);
        lastOutput = stored;
        arm();
        return stored;
    }

    /** Consul's {@code CheckTTL.SetStatus} cut: the first {@code max} bytes and a note of how many there were. */
    static String truncate(String output, int max) {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return output;
        }
        return new String(bytes, 0, max, StandardCharsets.UTF_8)
                + " ... (captured " + max + " of " + bytes.length + " bytes)";
    }

    private void arm() {
        if (expiry != null) {
            expiry.cancel(false);
        }
        long armed = ++generation;
        try {
            expiry = timer.schedule(() -> expire(armed), ttl.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            stopped = true;
        }
    }

    private synchronized void expire(long armed) {
        if (stopped || armed != generation) {
            return;
        }
        log.warn("check {} missed its TTL, now critical", checkId);
        String output = lastOutput.isEmpty()
                ? TtlCheck.EXPIRED
                : TtlCheck.EXPIRED + " (last output before timeout follows): " + lastOutput;
        listener.update(checkId, HealthStatus.CRITICAL, output);
    }
}
