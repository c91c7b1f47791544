package io.proconsul.serf.memberlist;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * How memberlist reaches other members: unreliable datagrams for probes and gossip, and a request/response
 * exchange over a stream for push-pull and the TCP ping fallback. {@link NettyTransport} is the real one;
 * tests may wrap it (to drop packets, say) since this is a real boundary.
 *
 * <p>Threading: send methods may be called from any thread and never block; the receiver is called on
 * transport threads and must hand work off quickly.
 */
public interface Transport extends AutoCloseable {

    /** Binds and starts delivering to {@code receiver}; returns the bound address (UDP and TCP share it). */
    InetSocketAddress start(Receiver receiver) throws Exception;

    /** Sends one datagram; failures are logged and otherwise ignored, as UDP loss is. */
    void sendPacket(InetSocketAddress to, byte[] packet);

    /**
     * Opens a stream to {@code to}, sends one frame and completes with the one frame answered, or
     * exceptionally (connection refused, timeout, closed without answer).
     */
    CompletableFuture<byte[]> request(InetSocketAddress to, byte[] frame, Duration timeout);

    /** Unbinds; idempotent. */
    @Override
    void close();

    /** What the transport delivers to. */
    interface Receiver {
        void onPacket(byte[] packet, InetSocketAddress from);

        /** Answers a stream request; completing with {@code null} closes the stream without an answer. */
        CompletableFuture<byte[]> onRequest(byte[] frame, InetSocketAddress from);
    }
}
