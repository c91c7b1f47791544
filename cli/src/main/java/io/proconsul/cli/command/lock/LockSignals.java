package io.proconsul.cli.command.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The lock command's signal handling, Consul's {@code ShutdownCh} plus {@code ForwardSignals}: SIGINT and
 * SIGTERM end the run (the child is killed, the lock released), and SIGINT, SIGTERM and SIGHUP are passed on
 * to a running child. {@link #restore} puts the previous handlers back, so a run inside a test JVM leaves
 * nothing behind. Where the JVM refuses a signal (run with {@code -Xrs}) it is simply not handled.
 */
final class LockSignals {

    private static final List<String> NAMES = List.of("INT", "TERM", "HUP");

    private final List<sun.misc.Signal> signals = new ArrayList<>();
    private final List<sun.misc.SignalHandler> previous = new ArrayList<>();
    private volatile LockChild child;

    private LockSignals() {}

    static LockSignals install(CompletableFuture<Void> shutdown) {
        LockSignals s = new LockSignals();
        for (String name : NAMES) {
            sun.misc.Signal signal = new sun.misc.Signal(name);
            try {
                s.previous.add(sun.misc.Signal.handle(signal, sig -> s.onSignal(name, shutdown)));
                s.signals.add(signal);
            } catch (IllegalArgumentException refused) {
                // Reserved by the JVM here; Consul's behaviour for it cannot be had.
            }
        }
        return s;
    }

    private void onSignal(String name, CompletableFuture<Void> shutdown) {
        LockChild c = child;
        if (c != null) {
            try {
                c.signal(name);
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
            }
        }
        if (!name.equals("HUP")) {
            shutdown.complete(null);
        }
    }

    /** The child that receives forwarded signals from now on; null for none. */
    void forwardTo(LockChild c) {
        child = c;
    }

    void restore() {
        for (int i = 0; i < signals.size(); i++) {
            sun.misc.Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
