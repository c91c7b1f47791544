package io.proconsul.core.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an agent's components in order and stops them in reverse. It knows nothing of what the
 * components are: {@code AgentCommand} in the cli module decides which to add for a server, a client
 * agent or {@code -dev}.
 *
 * <p>Threading: {@link #start()} and {@link #close()} may be called from different threads (the main
 * thread and a shutdown hook); {@link #close()} waits for a start in progress to give up first.
 */
public final class Agent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final List<Component> components = new ArrayList<>();
    private final List<Component> started = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    /** Adds a component to start after those already added. Only before {@link #start()}. */
    public synchronized Agent add(Component component) {
        components.add(component);
        return this;
    }

    /**
     * Starts every component in order. If one fails, those already started are closed in reverse and the
     * failure is rethrown, so a half-started agent never keeps ports open.
     */
    public synchronized void start() throws Exception {
        for (Component c : components) {
            if (closed) {
                throw new IllegalStateException("agent closed while starting");
            }
            long t0 = System.nanoTime();
            try {
                c.start();
            } catch (Exception e) {
                log.error("failed to start {}: {}", c.name(), e.getMessage());
                closeStarted();
                throw e;
            }
            started.add(c);
            log.debug("started {} in {} ms", c.name(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Closes the started components in reverse order; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeStarted();
        stopped.countDown();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void closeStarted() {
        List<Component> reverse = new ArrayList<>(started);
        Collections.reverse(reverse);
        for (Component c : reverse) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.warn("error stopping {}: {}", c.name(), e.toString());
            }
        }
        started.clear();
    }
}
