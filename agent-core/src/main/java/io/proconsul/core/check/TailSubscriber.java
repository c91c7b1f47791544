package io.proconsul.core.check;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;

/** Feeds a response body into an {@link OutputTail}, so an HTTP check never holds more than its limit. */
final class TailSubscriber implements Flow.Subscriber<List<ByteBuffer>> {

    private final OutputTail tail;

    TailSubscriber(OutputTail tail) {
        this.tail = tail;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        synchronized (tail) {
            item.forEach(tail::write);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // the response future completes exceptionally with the same error; the probe reports it there
    }

    @Override
    public void onComplete() {
        // nothing to flush: the tail is read once the response future completes
    }
}
