package io.proconsul.core.event;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventBus} of one agent. Queued subscribers share one daemon thread pool; each drains its own
 * queue serially (an actor), so one subscriber's events are never handled concurrently or out of order.
 */
public final class InProcessEventBus implements EventBus {

    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);
    private static final int QUEUE_CAPACITY = 4096;

    private final CopyOnWriteArrayList<Sub<?>> subs = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "event-bus");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong dropped = new AtomicLong();

    @Override
    public void publish(Event event) {
        for (Sub<?> s : subs) {
            s.offer(event);
        }
    }

    @Override
    public <E extends Event> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
        return add(new Sub<>(type, handler, false));
    }

    @Override
    public <E extends Event> Subscription subscribeInline(Class<E> type, Consumer<? super E> handler) {
        return add(new Sub<>(type, handler, true));
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        subs.clear();
        executor.shutdownNow();
    }

    private Subscription add(Sub<?> sub) {
        subs.add(sub);
        return () -> subs.remove(sub);
    }

    private final class Sub<E extends Event> {
        private final Class<E> type;
        private final Consumer<? super E> handler;
        private final boolean inline;
        private final ArrayBlockingQueue<E> queue;
        private final AtomicBoolean draining = new AtomicBoolean();

        Sub(Class<E> type, Consumer<? super E> handler, boolean inline) {
            this.type = type;
            this.handler = handler;
            this.inline = inline;
            this.queue = inline ? null : new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        }

        void offer(Event event) {
            if (!type.isInstance(event)) {
                return;
            }
            E e = type.cast(event);
            if (inline) {
                deliver(e);
                return;
            }
            if (!queue.offer(e)) {
                long n = dropped.incrementAndGet();
                log.warn("event bus: subscriber queue full, dropped {} ({} dropped in all)", e, n);
                return;
            }
            if (draining.compareAndSet(false, true)) {
                executor.execute(this::drain);
            }
        }

        private void drain() {
            do {
                E e;
                while ((e = queue.poll()) != null) {
                    deliver(e);
                }
                draining.set(false);
            } while (!queue.isEmpty() && draining.compareAndSet(false, true));
        }

        private void deliver(E e) {
            try {
                handler.accept(e);
            } catch (RuntimeException ex) {
                log.error("event bus: subscriber for {} failed on {}", type.getSimpleName(), e, ex);
            }
        }
    }
}
