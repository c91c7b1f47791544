package io.proconsul.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One length-framed message in, its reply out on the same connection; several queries may be in flight
 * and their replies may come back in any order (RFC 7766 section 7). A message that cannot be answered at
 * all (unreadable header) closes the connection.
 */
final class DnsTcpHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(DnsTcpHandler.class);

    private final DnsHandler handler;

    DnsTcpHandler(DnsHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        byte[] wire = ByteBufUtil.getBytes(frame);
        handler.handle(wire, true).thenAccept(reply -> {
            if (reply.isPresent()) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.get()));
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof ReadTimeoutException)) {
            log.debug("DNS TCP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
