package io.proconsul.cli.command.agent;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Tells the shutdown hook which signal stopped the agent: SIGINT ({@code interrupt}) and SIGTERM
 * ({@code terminated}, the names Go prints) lead to different leave decisions in Consul
 * ({@code skip_leave_on_interrupt}, {@code leave_on_terminate}), and a JVM shutdown hook alone cannot tell
 * them apart. The handlers record the signal and then exit as the JVM's own handlers do (status 128 plus
 * the signal number), so the shutdown hooks run as before. A second signal while the hooks run halts at
 * once, as a second Ctrl-C stops a Consul agent that is still leaving.
 *
 * <p>Thread-safe: handlers run on the JVM's signal dispatcher thread, {@link #caught()} on the hook's.
 */
final class ShutdownSignal {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

    /** What the hook assumes when no handled signal arrived (the agent stopped some other way). */
    static final String DEFAULT = "terminated";

    private final AtomicReference<String> caught = new AtomicReference<>();

    /** Installs the INT and TERM handlers for this process; a platform without one is logged and skipped. */
    void install() {
        handle("INT", "interrupt");
        handle("TERM", "terminated");
    }

    private void handle(String signal, String goName) {
        try {
            Signal.handle(new Signal(signal), s -> {
                if (!caught.compareAndSet(null, goName)) {
                    Runtime.getRuntime().halt(1);
                }
                System.exit(128 + s.getNumber());
            });
        } catch (IllegalArgumentException e) {
            log.debug("SIG{} not available: {}", signal, e.getMessage());
        }
    }

    /** The signal that stopped the agent, as Go names it: {@code interrupt} or {@code terminated}. */
    String caught() {
        String s = caught.get();
        return s == null ? DEFAULT : s;
    }
}
