package io.proconsul.cli.watch;

import io.proconsul.cli.client.ClientConfig;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.ConsulHttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's {@code watches} from its configuration, run against the agent's own HTTP API, as Consul's
 * {@code Agent.reloadWatches} runs them: each watch is checked first (any error stops the agent from
 * starting, or a reload from applying), then each runs its {@link WatchPlan} on a daemon thread of its own,
 * calling its script, subprocess ({@code args}) or HTTP handler for every change. A failing handler is
 * logged and the watch goes on. Reloading means closing this set and starting the new one.
 *
 * <p>Thread-safe. The caller owns the instance and must {@link #close()} it; closing stops every plan and
 * waits briefly for its thread.
 */
public final class ConfigWatches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatches.class);

    private record Running(WatchPlan plan, Thread thread) {}

    private final List<Running> running = new ArrayList<>();

    private ConfigWatches() {}

    /**
     * Checks every watch in {@code watches}, then starts them all.
     *
     * @param httpAddress the agent's own HTTP address, such as {@code 127.0.0.1:8500} (an unspecified
     *     listen address must already be turned into loopback); null when the agent serves no HTTP
     * @throws WatchSpec.InvalidException with Consul's text for the first watch that cannot run
     */
    public static ConfigWatches start(List<Map<String, Object>> watches, String httpAddress)
            throws WatchSpec.InvalidException {
        ConfigWatches set = new ConfigWatches();
        if (watches.isEmpty()) {
            return set;
        }
        if (httpAddress == null) {
            throw new WatchSpec.InvalidException("watch plans require an HTTP or HTTPS endpoint");
        }
        List<ConfigWatch> parsed = new ArrayList<>();
        for (Map<String, Object> params : watches) {
            parsed.add(ConfigWatch.parse(params));
        }
        for (ConfigWatch w : parsed) {
            set.run(w, httpAddress);
        }
        return set;
    }

    private void run(ConfigWatch w, String httpAddress) {
        ClientConfig config = ClientConfig.fromEnvironment(Map.of()).address(httpAddress);
        if (!w.spec().datacenter().isEmpty()) {
            config.datacenter(w.spec().datacenter());
        }
        if (!w.spec().token().isEmpty()) {
            config.token(w.spec().token());
        }
        ConsulHttpClient client;
        try {
            client = ConsulHttpClient.create(config);
        } catch (ConsulApiException e) {
            log.error("Failed to run watch: error={}", e.getMessage());
            return;
        }
        WatchPlan plan = new WatchPlan(w.spec().type(), w.spec().query(), client, w.handler(),
                (type, error, retry) -> log.error("Watch errored: type={} error=\"{}\" retry={}", type, error,
                        io.proconsul.core.GoDuration.format(retry)),
                WatchPlan.RETRY_INTERVAL);
        Thread t = new Thread(plan::run, "watch-" + w.spec().type() + "-" + running.size());
        t.setDaemon(true);
        synchronized (running) {
            running.add(new Running(plan, t));
        }
        t.start();
    }

    /** How many watches run. */
    public int size() {
        synchronized (running) {
            return running.size();
        }
    }

    /** Stops every watch; a handler that is running is not waited for beyond a short grace time. */
    @Override
    public void close() {
        List<Running> all;
        synchronized (running) {
            all = new ArrayList<>(running);
            running.clear();
        }
        all.forEach(r -> r.plan().stop());
        for (Running r : all) {
            try {
                r.thread().join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Go's {@code %#v} of the watch's parameters, as Consul puts them into "Failed to parse watch (...)". */
    static String goSyntax(Object v) {
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(m).forEach((k, value) -> parts.add(goSyntax(k) + ":" + goSyntax(value)));
            return "map[string]interface {}{" + String.join(", ", parts) + "}";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(e -> parts.add(goSyntax(e)));
            return "[]interface {}{" + String.join(", ", parts) + "}";
        }
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(v);
    }
}
