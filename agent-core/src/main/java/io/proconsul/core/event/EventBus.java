package io.proconsul.core.event;

import java.util.function.Consumer;

/**
 * A small typed in-process bus. An instance is passed to the components that use it; there is no
 * global one.
 *
 * <p>{@link #publish} never blocks. A {@link #subscribe queued} subscriber gets its events in publish order
 * on a bus thread, one at a time, from a bounded queue of its own; a slow one loses events past its queue
 * (counted and logged), never slows the publisher. An {@link #subscribeInline inline} subscriber runs on
 * the publisher's thread and must only flip a flag or complete a future.
 */
public interface EventBus extends AutoCloseable {

    void publish(Event event);

    /** Delivers events of {@code type} (and its subtypes) on a bus thread. */
    <E extends Event> Subscription subscribe(Class<E> type, Consumer<? super E> handler);

    /** Delivers events of {@code type} on the publishing thread. */
    <E extends Event> Subscription subscribeInline(Class<E> type, Consumer<? super E> handler);

    /** Events dropped because a queued subscriber's queue was full. */
    long dropped();

    @Override
    void close();

    /** Ends a subscription; idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
