package io.proconsul.cli.command.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP reloads the configuration, as Consul's agent does ({@code kill -HUP <pid>} is what supervisor and
 * systemd units send for {@code reload}). The reload runs on its own thread, never in the signal
 * dispatcher; a failure is logged and the agent keeps its current configuration.
 */
final class ReloadSignal {

    private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {}

    /** Installs the handler for this process; a platform without SIGHUP is logged and skipped. */
    static void install(AgentRuntime runtime) {
        try {
            Signal.handle(new Signal("HUP"), s -> {
                Thread t = new Thread(() -> reload(runtime), "reload");
                t.setDaemon(true);
                t.start();
            });
        } catch (IllegalArgumentException e) {
            log.debug("SIGHUP not available: {}", e.getMessage());
        }
    }

    private static void reload(AgentRuntime runtime) {
        log.info("Caught signal: hangup");
        try {
            runtime.reload();
        } catch (RuntimeException e) {
            log.error("{}", e.getMessage());
        }
    }
}
