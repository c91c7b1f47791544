package io.proconsul.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consul's {@code limits.http_max_conns_per_client}: at most that many open connections per client IP.
 * One more is answered with a bare {@code 429 Too Many Requests} and closed, as Consul's connection
 * limiter does; a limit of 0 or less turns it off.
 *
 * <p>Shared by every connection of one server; the counts are thread-safe.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final byte[] TOO_MANY = "HTTP/1.1 429 Too Many Requests\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("proconsul.http.counted");

    private final int maxPerClient;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxPerClient) {
        this.maxPerClient = maxPerClient;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (maxPerClient > 0 && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            InetAddress ip = remote.getAddress();
            int count = open.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
            ctx.channel().attr(COUNTED).set(ip);
            if (count > maxPerClient) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(TOO_MANY)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        InetAddress ip = ctx.channel().attr(COUNTED).getAndSet(null);
        if (ip != null) {
            open.computeIfPresent(ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
        super.channelInactive(ctx);
    }
}
