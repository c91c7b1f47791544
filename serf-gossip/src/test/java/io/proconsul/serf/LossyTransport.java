package io.proconsul.serf;

import io.proconsul.serf.memberlist.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A real transport that loses a fraction of the datagrams it sends (streams are left alone). */
final class LossyTransport implements Transport {

    private final Transport real;
    private final double lossRate;
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong sent = new AtomicLong();

    LossyTransport(Transport real, double lossRate) {
        this.real = real;
        this.lossRate = lossRate;
    }

    @Override
    public InetSocketAddress start(Receiver receiver) throws Exception {
        return real.start(receiver);
    }

    @Override
    public void sendPacket(InetSocketAddress to, byte[] packet) {
        if (ThreadLocalRandom.current().nextDouble() < lossRate) {
            dropped.incrementAndGet();
            return;
        }
        sent.incrementAndGet();
        real.sendPacket(to, packet);
    }

    @Override
    public CompletableFuture<byte[]> request(InetSocketAddress to, byte[] frame, Duration timeout) {
        return real.request(to, frame, timeout);
    }

    @Override
    public void close() {
        real.close();
    }
}
