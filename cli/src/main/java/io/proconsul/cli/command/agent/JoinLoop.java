package io.proconsul.cli.command.agent;

import io.proconsul.core.agent.Component;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.membership.Membership;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's start-up joins: {@code start_join} ({@code -join}) once at start, failing the start if no
 * address answers; {@code retry_join} ({@code -retry-join}) in the background every
 * {@code retry_interval} until one attempt reaches someone or {@code retry_max} attempts are spent, in
 * which case the agent stops, as Consul's does.
 */
final class JoinLoop implements Component {

    private static final Logger log = LoggerFactory.getLogger(JoinLoop.class);

    private final Membership lan;
    private final List<String> startJoin;
    private final List<String> retryJoin;
    private final Duration interval;
    private final int maxAttempts;
    private final Runnable giveUp;
    private final AtomicInteger attempts = new AtomicInteger();
    private ScheduledExecutorService timer;

    JoinLoop(AgentConfig config, Membership lan, Runnable giveUp) {
        this.lan = lan;
        this.startJoin = config.startJoin();
        this.retryJoin = config.retryJoin();
        this.interval = config.retryInterval();
        this.maxAttempts = config.retryMax();
        this.giveUp = giveUp;
    }

    @Override
    public String name() {
        return "join";
    }

    @Override
    public void start() throws Exception {
        if (!startJoin.isEmpty()) {
            log.info("(LAN) joining: lan_addresses={}", startJoin);
            try {
                int n = lan.join(startJoin).join();
                log.info("(LAN) joined: number_of_nodes={}", n);
            } catch (CompletionException e) {
                throw new IllegalStateException("Failed to join " + startJoin + ": " + e.getCause().getMessage());
            }
        }
        if (!retryJoin.isEmpty()) {
            log.info("Joining cluster...: cluster=LAN");
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "retry-join");
                t.setDaemon(true);
                return t;
            });
            timer.execute(this::attempt);
        }
    }

    private void attempt() {
        int n = attempts.incrementAndGet();
        log.info("(LAN) joining: lan_addresses={}", retryJoin);
        lan.join(retryJoin).whenComplete((joined, e) -> {
            if (e == null) {
                log.info("Join cluster completed. Synced with initial agents: cluster=LAN num_agents={}", joined);
                return;
            }
            String why = e instanceof CompletionException && e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage();
            if (maxAttempts > 0 && n >= maxAttempts) {
                log.error("Retry join failed, max attempts exceeded: cluster=LAN attempts={} error={}", n, why);
                giveUp.run();
                return;
            }
            log.warn("Join cluster failed, will retry: cluster=LAN retry_interval={}s error={}",
                    interval.toSeconds(), why);
            if (timer != null && !timer.isShutdown()) {
                timer.schedule(this::attempt, interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
