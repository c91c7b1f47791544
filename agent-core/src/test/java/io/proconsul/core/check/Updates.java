package io.proconsul.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link CheckListener} that queues what it hears, for tests to take in order with a deadline. */
final class Updates implements CheckListener {

    record Update(String checkId, String status, String output) {}

    private final LinkedBlockingQueue<Update> queue = new LinkedBlockingQueue<>();

    @Override
    public void update(String checkId, String status, String output) {
        queue.add(new Update(checkId, status, output));
    }

    /** The next update, failing if none arrives within {@code timeout}. */
    Update next(Duration timeout) throws InterruptedException {
        Update u = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        assertThat(u).as("an update within %s", timeout).isNotNull();
        return u;
    }

    /** Asserts nothing arrives within {@code quiet}. */
    void none(Duration quiet) throws InterruptedException {
        assertThat(queue.poll(quiet.toNanos(), TimeUnit.NANOSECONDS)).isNull();
    }
}
