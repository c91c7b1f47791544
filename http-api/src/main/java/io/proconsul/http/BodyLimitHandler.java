package io.proconsul.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a body over its route's limit from the {@code Content-Length} header, before a byte of it is
 * buffered, with Consul's 413 texts: a KV PUT over {@code kv_max_value_size}, a transaction over
 * {@code txn_max_req_len} (or {@code kv_max_value_size} when larger, as Consul does). Bodies without a
 * length are bounded by the aggregator behind this handler and checked again by the endpoint.
 *
 * <p>Sits before {@code HttpObjectAggregator}, so a client waiting for {@code 100 Continue} gets the 413
 * instead. The connection is closed after the 413. A client that is still sending its body would see the
 * close as a reset before it reads the answer, so a body of up to {@link #DRAIN_LIMIT} is read and dropped
 * first; a larger one (or a client waiting for {@code 100 Continue}) gets the close at once.
 * One instance per channel.
 */
final class BodyLimitHandler extends ChannelInboundHandlerAdapter {

    static final String KV_LIMIT_DOC = "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size";
    static final String TXN_LIMIT_DOC = "https://www.consul.io/docs/agent/config/config-files#txn_max_req_len";

    /** The most of a refused body read (and dropped) so that its sender gets to read the 413. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final long kvMaxValueSize;
    private final long txnMaxReqLen;
    private boolean discarding;

    BodyLimitHandler(long kvMaxValueSize, long txnMaxReqLen) {
        this.kvMaxValueSize = kvMaxValueSize;
        this.txnMaxReqLen = Math.max(txnMaxReqLen, kvMaxValueSize);
    }

    /** The largest body any route accepts: the aggregator's bound. */
    static long maxBody(long kvMaxValueSize, long txnMaxReqLen) {
        return Math.max(kvMaxValueSize, txnMaxReqLen);
    }

    /** Consul's text for a KV value over the limit. */
    static String kvTooLarge(long length, long max) {
        return "Request body(" + length + " bytes) too large, max size: " + max + " bytes. See " + KV_LIMIT_DOC + ".";
    }

    /** Consul's text for a transaction body over the limit. */
    static String txnTooLarge(long length, long max) {
        return "Request body(" + length + " bytes) too large, max size: " + max + " bytes. See " + TXN_LIMIT_DOC + ".";
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discarding) {
            if (msg instanceof LastHttpContent) {
                discarding = false;
                ctx.close();
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            String refusal = refusal(req);
            if (refusal != null) {
                boolean drain = !(msg instanceof LastHttpContent) && !HttpUtil.is100ContinueExpected(req)
                        && HttpUtil.getContentLength(req, Long.MAX_VALUE) <= DRAIN_LIMIT;
                discarding = drain;
                ReferenceCountUtil.release(msg);
                reject(ctx, req, refusal, !drain);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private String refusal(HttpRequest req) {
        long length = HttpUtil.getContentLength(req, -1L);
        if (length < 0) {
            return null;
        }
        String uri = req.uri();
        if (uri.startsWith("/v1/kv/") && req.method().equals(HttpMethod.PUT) && length > kvMaxValueSize) {
            return kvTooLarge(length, kvMaxValueSize);
        }
        if ((uri.equals("/v1/txn") || uri.startsWith("/v1/txn?")) && length > txnMaxReqLen) {
            return txnTooLarge(length, txnMaxReqLen);
        }
        if (length > txnMaxReqLen) {
            return "http: request body too large";
        }
        return null;
    }

    private static void reject(ChannelHandlerContext ctx, HttpRequest req, String text, boolean closeNow) {
        FullHttpResponse resp = new DefaultFullHttpResponse(req.protocolVersion(),
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        resp.headers()
                .set(ResponseHeaders.CONTENT_TYPE, ApiResponse.TEXT_PLAIN_UTF8)
                .set(ResponseHeaders.DATE, ResponseHeaders.date())
                .setInt(ResponseHeaders.CONTENT_LENGTH, resp.content().readableBytes())
                .set(ResponseHeaders.CONNECTION, HttpHeaderValues.CLOSE);
        if (closeNow) {
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(resp);
        }
    }
}
