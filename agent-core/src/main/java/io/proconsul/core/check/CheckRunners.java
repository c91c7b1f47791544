package io.proconsul.core.check;

import io.proconsul.core.local.CheckDefinition;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent's health checks (Consul's {@code agent/checks}): one runner per check ID, which probes on
 * its interval (script, HTTP, TCP) or holds reported state until its TTL passes, and tells a
 * {@link CheckListener} the results.
 *
 * <p>Scheduling follows Consul: the first probe comes after a random stagger within one interval (so
 * checks registered together do not fire together), each next one an interval after the previous
 * finished, so a check never overlaps itself. Intervals below {@link #MIN_INTERVAL} are raised to it, as
 * Consul's agent does. Results pass through {@code success_before_passing} / {@code
 * failures_before_critical} counting before they reach the listener. The initial state of a check is the
 * caller's to record (the definition's {@code status}); runners only report probe results.
 *
 * <p>Probes run on a bounded pool of worker threads, never on a caller's thread or an event loop; every
 * probe is bounded by its timeout (a script is killed with its whole process tree), so a hung check holds
 * one worker for at most its timeout.
 *
 * <p>gRPC checks are not probed: {@code java.net.http} cannot speak HTTP/2 over cleartext with prior
 * knowledge, which is how gRPC health servers listen. A gRPC check reports critical once, saying so.
 *
 * <p>Threading: all methods may be called from any thread. Ownership: the creator closes it; closing stops
 * every runner, kills running scripts and waits (up to 5 s) for the worker threads to end.
 */
public final class CheckRunners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CheckRunners.class);

    /** Consul's {@code checks.MinInterval}: shorter intervals risk fork-bombing the host. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** Consul's {@code check_output_max_size} default ({@code checks.DefaultBufSize}). */
    public static final int DEFAULT_OUTPUT_MAX_SIZE = 4096;
    private static final int WORKERS = 16;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final int outputMaxSize;
    private final Duration minInterval;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor workers;
    private final HttpCheckClients httpClients = new HttpCheckClients();
    private final Map<String, Runner> runners = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Runners whose output is cut to {@code outputMaxSize} bytes (Consul's {@code check_output_max_size}). */
    public CheckRunners(int outputMaxSize) {
        this(outputMaxSize, MIN_INTERVAL);
    }

    /** For tests: a lower interval floor, so that counting tests do not take seconds per probe. */
    CheckRunners(int outputMaxSize, Duration minInterval) {
        if (outputMaxSize < 1) {
            throw new IllegalArgumentException("outputMaxSize must be positive: " + outputMaxSize);
        }
        this.outputMaxSize = outputMaxSize;
        this.minInterval = minInterval;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("check-timer"));
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("check-worker"));
        this.workers.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts running {@code definition} as check {@code checkId}, replacing (stopping) a runner already
     * running under that ID, as Consul does when a check is registered again.
     *
     * @throws IllegalArgumentException if the definition has no kind ({@link CheckDefinition#type()} is
     *     {@code ""}) or an interval kind has no interval
     * @throws IllegalStateException after {@link #close()}
     */
    public void start(String checkId, CheckDefinition definition, CheckListener listener) {
        Runner runner = create(checkId, definition, listener);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("check runners closed");
            }
            Runner old = runners.put(checkId, runner);
            if (old != null) {
                old.stop();
            }
            runner.start();
        }
    }

    /**
     * Stops the check's runner, killing a script in progress. Once it returns the listener hears nothing
     * more from that runner. Does nothing for an unknown ID.
     */
    public void stop(String checkId) {
        Runner runner = runners.remove(checkId);
        if (runner != null) {
            runner.stop();
        }
    }

    /** The running TTL check with this ID; empty if there is none or the check is of another kind. */
    public Optional<TtlCheck> ttl(String checkId) {
        return runners.get(checkId) instanceof TtlRunner t ? Optional.of(t) : Optional.empty();
    }

    /** Whether a runner is running under this ID. */
    public boolean isRunning(String checkId) {
        return runners.containsKey(checkId);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        runners.values().forEach(Runner::stop);
        runners.clear();
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            // interrupted script probes kill their process trees on the way out; let them finish that
            if (!workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("check runners: probes still running {} after close", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Runner create(String checkId, CheckDefinition d, CheckListener listener) {
        String type = d.type();
        if (type.equals("ttl")) {
            return new TtlRunner(checkId, d.ttl(), outputMaxSize, listener, timer);
        }
        if (type.isEmpty()) {
            throw new IllegalArgumentException("check " + checkId + " has no args, http, tcp, grpc or ttl");
        }
        if (d.interval() == null || d.interval().isZero() || d.interval().isNegative()) {
            throw new IllegalArgumentException("check " + checkId + " of type " + type + " needs an interval");
        }
        Duration interval = d.interval().compareTo(minInterval) < 0 ? minInterval : d.interval();
        if (interval != d.interval()) {
            log.warn("check {}: interval {} is below the minimum, using {}", checkId, d.interval(), interval);
        }
        Probe probe = switch (type) {
            case "script" -> new ScriptProbe(d.args(), d.timeout(), outputMaxSize);
            case "http" -> new HttpProbe(d, outputMaxSize, httpClients);
            case "tcp" -> new TcpProbe(d.tcp(), d.timeout());
            default -> new UnsupportedProbe(type);
        };
        StatusCounter counter = new StatusCounter(d.successBeforePassing(), d.failuresBeforeCritical());
        return new IntervalRunner(checkId, probe, interval, counter, listener, timer, workers);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One running check. */
    interface Runner {
        void start();

        /** Stops it; afterwards the listener is not called again. Idempotent. */
        void stop();
    }
}
