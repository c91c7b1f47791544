package io.proconsul.core.agent;

/**
 * A part of the agent with a start and a stop: the store, the gossip pools, the HTTP and DNS servers.
 * The {@link Agent} starts components in the order they were added and closes them in reverse, so a
 * component may use the ones added before it from {@link #start()} until its {@link #close()} returns.
 *
 * <p>{@link #close()} must be idempotent and must not throw for a component that never started.
 */
public interface Component extends AutoCloseable {

    /** A short name for logs, e.g. {@code "http"}. */
    String name();

    /** Starts the component; when it returns the component serves (ports are bound, state is loaded). */
    void start() throws Exception;

    @Override
    void close();
}
