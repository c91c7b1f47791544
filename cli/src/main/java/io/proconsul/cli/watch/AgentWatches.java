package io.proconsul.cli.watch;

import io.proconsul.core.agent.Component;
import io.proconsul.core.config.AgentConfig;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The agent component that runs the configured {@code watches} ({@link ConfigWatches}) against the agent's
 * own HTTP API. It must start after the HTTP server (its port is read at start) and stops before it. A
 * watch that cannot be parsed fails the start, as it fails Consul's agent; {@link #reload} replaces every
 * watch, or keeps the old ones and throws when a new one is invalid.
 *
 * <p>Thread-safe.
 */
public final class AgentWatches implements Component {

    private final List<String> httpAddrs;
    private final IntSupplier httpPort;
    private List<Map<String, Object>> watches;
    private ConfigWatches running;

    /**
     * @param httpPort the bound HTTP port, read when the watches start; negative when HTTP is off
     */
    public AgentWatches(AgentConfig config, IntSupplier httpPort) {
        this.httpAddrs = config.httpAddrs();
        this.httpPort = httpPort;
        this.watches = config.watches();
    }

    @Override
    public String name() {
        return "watches";
    }

    @Override
    public synchronized void start() throws WatchSpec.InvalidException {
        running = ConfigWatches.start(watches, address());
    }

    /** Consul's {@code reloadWatches}: stops the running watches and starts {@code fresh}'s. */
    public synchronized void reload(AgentConfig fresh) throws WatchSpec.InvalidException {
        ConfigWatches next = ConfigWatches.start(fresh.watches(), address());
        if (running != null) {
            running.close();
        }
        running = next;
        watches = fresh.watches();
    }

    /** How many watches run. */
    public synchronized int size() {
        return running == null ? 0 : running.size();
    }

    @Override
    public synchronized void close() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /**
     * The agent's own API address as Consul's {@code APIConfig} picks it: the first HTTP address, with an
     * unspecified one (listening everywhere) replaced by loopback; null without HTTP.
     */
    private String address() {
        int port = httpPort.getAsInt();
        if (port < 0 || httpAddrs.isEmpty()) {
            return null;
        }
        String host = httpAddrs.get(0);
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "::1";
        }
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
