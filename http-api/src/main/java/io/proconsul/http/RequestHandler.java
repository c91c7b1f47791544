package io.proconsul.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection: decodes each aggregated request into an {@link ApiRequest}, dispatches it through
 * {@link Routes}, and writes the answers in request order. Answers can complete out of order (a blocking
 * query waits while a later pipelined request is answered at once), so each request takes a slot in a
 * queue and a response is written only when every earlier one has been: HTTP/1.1 pipelining stays correct.
 *
 * <p>One instance per channel; every method runs on the channel's event loop, so the queue needs no lock.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    /** What Consul's index page says when the UI is off. */
    static final String INDEX_TEXT =
            "Consul Agent: UI disabled. To enable, set ui_config.enabled=true in the agent configuration and restart.";

    // Every header value is ours (numbers, constants, echoed request values that the decoder already
    // validated), so per-value validation is skipped on the hot path.
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final DefaultHttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    /** Requests one connection may have in flight before we stop reading from it. */
    static final int MAX_PIPELINED = 256;

    private final Routes routes;
    private final JsonCodec json;
    private final boolean alwaysPretty;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();

    RequestHandler(Routes routes, JsonCodec json, boolean alwaysPretty) {
        this.routes = routes;
        this.json = json;
        this.alwaysPretty = alwaysPretty;
    }

    /** A request waiting for its turn to be answered. */
    private static final class Slot {
        final boolean keepAlive;
        final HttpVersion version;
        boolean pretty;
        boolean routed;
        boolean dropped;
        FullHttpResponse response;

        Slot(boolean keepAlive, HttpVersion version) {
            this.keepAlive = keepAlive;
            this.version = version;
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        // After a malformed request the decoder discards the rest of the stream, so the connection must end.
        Slot slot = new Slot(req.decoderResult().isSuccess() && HttpUtil.isKeepAlive(req), req.protocolVersion());
        slots.add(slot);
        updateReading(ctx);
        CompletableFuture<ApiResponse> answer;
        try {
            answer = dispatch(ctx, req, slot);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        String method = req.method().name();
        String uri = req.uri();
        if (answer.isDone()) {
            finish(ctx, slot, answer, method, uri);
        } else {
            CompletableFuture<ApiResponse> f = answer;
            f.whenComplete((r, e) -> {
                // Endpoints usually complete on the loop already (ApiRequest.onLoop): no second hop then.
                if (ctx.executor().inEventLoop()) {
                    finish(ctx, slot, f, method, uri);
                } else {
                    ctx.executor().execute(() -> finish(ctx, slot, f, method, uri));
                }
            });
        }
    }

    private CompletableFuture<ApiResponse> dispatch(ChannelHandlerContext ctx, FullHttpRequest req, Slot slot) {
        if (!req.decoderResult().isSuccess()) {
            return done(ApiResponse.text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request"));
        }
        String uri = originForm(req.uri());
        int q = uri.indexOf('?');
        String path;
        try {
            path = QueryParams.unescape(q < 0 ? uri : uri.substring(0, q), false);
        } catch (IllegalArgumentException e) {
            return done(ApiResponse.text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request"));
        }
        Routes.Route route = routes.match(path);
        if (route == null) {
            return done(unrouted(path, q < 0 ? "" : uri.substring(q)));
        }
        slot.routed = true;
        QueryParams query;
        try {
            query = QueryParams.parse(q < 0 ? "" : uri.substring(q + 1));
        } catch (IllegalArgumentException e) {
            return done(ApiResponse.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
        }
        slot.pretty = alwaysPretty || query.has("pretty");
        if (req.method().name().equals("OPTIONS")) {
            return done(ApiResponse.empty(HttpResponseStatus.OK)
                    .header(ResponseHeaders.ALLOW, String.join(",", route.allow())));
        }
        if (!route.methods().contains(req.method())) {
            throw new ApiException.MethodNotAllowed(req.method().name(), route.allow());
        }
        ApiRequest request = new ApiRequest(req.method(), path, query, req.headers(), req.content(), ctx.executor());
        CompletableFuture<ApiResponse> f = route.handler().handle(request);
        return f == null ? done(ApiResponse.empty(HttpResponseStatus.OK)) : f;
    }

    /** The path and query of a request target, also when a client sent the absolute form (RFC 9112 3.2.2). */
    static String originForm(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri;
        }
        int slash = uri.indexOf('/', scheme + 3);
        int query = uri.indexOf('?', scheme + 3);
        if (slash < 0 || query >= 0 && query < slash) {
            return query < 0 ? "/" : "/" + uri.substring(query);
        }
        return uri.substring(slash);
    }

    /**
     * Consul's index handler: its page at {@code /}, a redirect to a subtree root's slash, else a 404 with
     * the hint Consul gives (recent releases explain the path instead of answering an empty body).
     */
    private ApiResponse unrouted(String path, String query) {
        if (path.equals("/")) {
            return ApiResponse.text(HttpResponseStatus.OK, INDEX_TEXT);
        }
        String target = routes.redirectFor(path);
        if (target != null) {
            return ApiResponse.empty(HttpResponseStatus.MOVED_PERMANENTLY)
                    .header(ResponseHeaders.LOCATION, target + query);
        }
        return ApiResponse.text(HttpResponseStatus.NOT_FOUND, path.contains("/v1/")
                ? "Invalid URL path: not a recognized HTTP API endpoint\n"
                : "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n");
    }

    private void finish(ChannelHandlerContext ctx, Slot slot, CompletableFuture<ApiResponse> f, String method,
            String uri) {
        if (slot.dropped) {
            return;
        }
        ApiResponse r;
        if (f.isCompletedExceptionally()) {
            r = ErrorResponder.respond(f.handle((v, e) -> e).join(), method, uri);
        } else {
            r = f.join();
            r = r == null ? ApiResponse.empty(HttpResponseStatus.OK) : r;
        }
        if (slot.routed) {
            // Every wrapped Consul handler sends these; its index handler does not.
            r.header(ResponseHeaders.DEFAULT_ACL_POLICY, "allow").header(ResponseHeaders.VARY, "Accept-Encoding");
        }
        slot.response = encode(ctx, slot, r, method, uri);
        if (log.isDebugEnabled()) {
            log.debug("Request finished: method={} url={} from={} status={}", method,
                    ErrorResponder.redact(uri), ctx.channel().remoteAddress(), r.status().code());
        }
        drain(ctx);
    }

    private FullHttpResponse encode(ChannelHandlerContext ctx, Slot slot, ApiResponse r, String method, String uri) {
        ByteBuf body;
        CharSequence type = r.contentType();
        if (r.isJson()) {
            body = ctx.alloc().buffer(256);
            try {
                json.write(r.value(), slot.pretty, body);
                type = ResponseHeaders.APPLICATION_JSON;
            } catch (java.io.IOException | RuntimeException e) {
                body.release();
                return encode(ctx, slot, ErrorResponder.respond(e, method, uri), method, uri);
            }
        } else {
            body = r.raw().length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.raw());
        }
        FullHttpResponse resp = new DefaultFullHttpResponse(slot.version, r.status(), body, HEADERS, TRAILERS);
        HttpHeaders h = resp.headers();
        List<CharSequence> extra = r.headers();
        for (int i = 0; i < extra.size(); i += 2) {
            h.add(extra.get(i), extra.get(i + 1));
        }
        if (type != null) {
            h.set(ResponseHeaders.CONTENT_TYPE, type);
        }
        h.set(ResponseHeaders.DATE, ResponseHeaders.date());
        h.setInt(ResponseHeaders.CONTENT_LENGTH, body.readableBytes());
        if (!slot.keepAlive) {
            h.set(ResponseHeaders.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (slot.version.equals(HttpVersion.HTTP_1_0)) {
            h.set(ResponseHeaders.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return resp;
    }

    /** Writes every answered response at the head of the queue, then flushes once. */
    private void drain(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peek().response != null) {
            Slot s = slots.poll();
            ChannelFuture written = ctx.write(s.response);
            wrote = true;
            if (!s.keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
                releaseAll();
                break;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        updateReading(ctx);
    }

    /**
     * Back-pressure: a client that pipelines without bound, or stops reading its answers, is not read
     * from until it catches up, so one connection cannot queue unbounded work or memory.
     */
    private void updateReading(ChannelHandlerContext ctx) {
        boolean read = slots.size() < MAX_PIPELINED && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        updateReading(ctx);
        super.channelWritabilityChanged(ctx);
    }

    private void releaseAll() {
        for (Slot s : slots) {
            s.dropped = true;
            if (s.response != null) {
                s.response.release();
                s.response = null;
            }
        }
        slots.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static CompletableFuture<ApiResponse> done(ApiResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
