package io.proconsul.dns;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** One datagram in, at most one datagram back to its sender; decoding and answering are the {@link DnsHandler}'s. */
@ChannelHandler.Sharable
final class DnsUdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private final DnsHandler handler;

    DnsUdpHandler(DnsHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        byte[] wire = ByteBufUtil.getBytes(packet.content());
        InetSocketAddress sender = packet.sender();
        handler.handle(wire, false).thenAccept(reply -> reply.ifPresent(
                bytes -> ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), sender))));
    }
}
