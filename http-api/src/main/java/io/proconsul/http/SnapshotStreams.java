package io.proconsul.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;
import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.http.endpoint.SnapshotEndpoint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming side of {@code /v1/snapshot}, ahead of the aggregator: a {@code GET} answers with the saved
 * archive file in chunks (a {@link ChunkedWriteHandler} is added for the one response), a {@code PUT} body is
 * spooled to a file under the data dir as it arrives, one read at a time, and restored once complete. No
 * body is ever held in memory whole. File writes run on a small pool of their own, never on the event
 * loop. Other requests pass through untouched; nothing behind a snapshot request is read until it has
 * been answered, so pipelined answers keep their order.
 *
 * <p>One instance per channel; its state is touched on the channel's event loop only.
 */
final class SnapshotStreams extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStreams.class);
    static final String PATH = "/v1/snapshot";
    static final CharSequence GZIP_TYPE = "application/x-gzip";
    private static final int CHUNK = 1 << 16;
    private static final ExecutorService FILES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "http-snapshot-io");
        t.setDaemon(true);
        return t;
    });

    private final SnapshotEndpoint endpoint;
    private Upload upload;
    private boolean discarding;
    /** From a snapshot request until its answer is written: what arrives behind it waits in {@link #held}. */
    private boolean busy;
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    SnapshotStreams(SnapshotEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A PUT body on its way to a file: writes are chained in arrival order on {@link #FILES}. */
    private static final class Upload {
        final Path file;
        final FileChannel out;
        final HttpRequest request;
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Upload(Path file, HttpRequest request) throws IOException {
            this.file = file;
            this.out = FileChannel.open(file, StandardOpenOption.WRITE);
            this.request = request;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!busy && msg instanceof HttpRequest req && upload == null && !discarding && taken(req)) {
            start(ctx, req);
            if (!(msg instanceof HttpContent)) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (msg instanceof HttpContent c && (upload != null || discarding)) {
            if (upload != null) {
                spool(ctx, c);
            } else {
                discarding = !(c instanceof LastHttpContent);
                c.release();
            }
            return;
        }
        if (busy) {
            // Pipelined behind a snapshot request (the codec decodes a whole read at once): answered after it.
            held.add(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** The snapshot request is answered: what was held behind it goes on, in order. */
    private void resume(ChannelHandlerContext ctx) {
        busy = false;
        ctx.channel().config().setAutoRead(true);
        while (!busy && !held.isEmpty()) {
            channelRead(ctx, held.poll());
        }
    }

    private static boolean taken(HttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            return false;
        }
        String uri = RequestHandler.originForm(req.uri());
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        return path.equals(PATH) && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.PUT));
    }

    private void start(ChannelHandlerContext ctx, HttpRequest req) {
        busy = true;
        if (req.method().equals(HttpMethod.GET) || !endpoint.available()) {
            discarding = true;
            // Nothing behind this request is read until it is answered, so answers stay in request order.
            ctx.channel().config().setAutoRead(false);
            CompletableFuture<SnapshotStore.Saved> saved;
            try {
                saved = endpoint.available() ? endpoint.save(apiRequest(ctx, req))
                        : CompletableFuture.failedFuture(new IllegalStateException(SnapshotEndpoint.SERVERS_ONLY));
            } catch (RuntimeException e) {
                saved = CompletableFuture.failedFuture(e);
            }
            saved.whenComplete((s, e) -> ctx.executor().execute(() -> {
                if (e != null) {
                    answer(ctx, req, ErrorResponder.respond(e, req.method().name(), req.uri()));
                    resume(ctx);
                } else {
                    stream(ctx, req, s);
                }
            }));
            return;
        }
        try {
            upload = new Upload(endpoint.uploadFile(), req);
        } catch (IOException | RuntimeException e) {
            discarding = true;
            answer(ctx, req, ErrorResponder.respond(e, req.method().name(), req.uri()));
            resume(ctx);
            return;
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.CONTINUE));
        }
        // One chunk at a time: the next read waits for the file write, so memory stays one chunk.
        ctx.channel().config().setAutoRead(false);
        ctx.read();
    }

    private void spool(ChannelHandlerContext ctx, HttpContent c) {
        Upload u = upload;
        ByteBuf buf = c.content().retain();
        boolean last = c instanceof LastHttpContent;
        c.release();
        u.tail = u.tail.thenRunAsync(() -> {
            try {
                while (buf.isReadable()) {
                    buf.readBytes(u.out, buf.readableBytes());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                buf.release();
            }
        }, FILES);
        if (!last) {
            u.tail.whenComplete((v, e) -> ctx.executor().execute(ctx::read));
            return;
        }
        upload = null;
        u.tail.thenRunAsync(() -> close(u), FILES)
                .thenCompose(v -> endpoint.restore(u.file))
                .whenComplete((v, e) -> {
                    FILES.execute(() -> {
                        closeQuietly(u);
                        delete(u.file);
                    });
                    ctx.executor().execute(() -> {
                        answer(ctx, u.request, e == null ? ApiResponse.empty(HttpResponseStatus.OK)
                                : ErrorResponder.respond(e, "PUT", u.request.uri()));
                        resume(ctx);
                    });
                });
    }

    private void stream(ChannelHandlerContext ctx, HttpRequest req, SnapshotStore.Saved saved) {
        ChunkedNioFile body;
        try {
            body = new ChunkedNioFile(saved.file().toFile(), CHUNK);
        } catch (IOException e) {
            delete(saved.file());
            answer(ctx, req, ErrorResponder.respond(e, "GET", req.uri()));
            resume(ctx);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpResponse resp = new DefaultHttpResponse(req.protocolVersion(), HttpResponseStatus.OK);
        HttpHeaders h = resp.headers();
        h.set(ResponseHeaders.INDEX, Long.toUnsignedString(saved.index()))
                .set(ResponseHeaders.KNOWN_LEADER, saved.knownLeader() ? ResponseHeaders.TRUE : ResponseHeaders.FALSE)
                .set(ResponseHeaders.LAST_CONTACT, Long.toString(saved.lastContactMillis()))
                .set(ResponseHeaders.CONTENT_TYPE, GZIP_TYPE);
        common(h, keepAlive, req.protocolVersion());
        HttpUtil.setTransferEncodingChunked(resp, true);
        String chunked = "snapshot-chunked";
        if (ctx.pipeline().get(chunked) == null) {
            ctx.pipeline().addBefore(ctx.name(), chunked, new ChunkedWriteHandler());
        }
        ctx.write(resp);
        ctx.writeAndFlush(new HttpChunkedInput(body)).addListener(f -> {
            FILES.execute(() -> delete(saved.file()));
            if (ctx.pipeline().get(chunked) != null) {
                ctx.pipeline().remove(chunked);
            }
            if (!keepAlive || !f.isSuccess()) {
                ctx.close();
            } else {
                resume(ctx);
            }
        });
    }

    private static void answer(ChannelHandlerContext ctx, HttpRequest req, ApiResponse r) {
        byte[] raw = r.raw() == null ? new byte[0] : r.raw();
        FullHttpResponse resp = new DefaultFullHttpResponse(req.protocolVersion(), r.status(),
                Unpooled.wrappedBuffer(raw));
        HttpHeaders h = resp.headers();
        List<CharSequence> extra = r.headers();
        for (int i = 0; i < extra.size(); i += 2) {
            h.add(extra.get(i), extra.get(i + 1));
        }
        if (r.contentType() != null) {
            h.set(ResponseHeaders.CONTENT_TYPE, r.contentType());
        }
        h.setInt(ResponseHeaders.CONTENT_LENGTH, raw.length);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        common(h, keepAlive, req.protocolVersion());
        if (keepAlive) {
            ctx.writeAndFlush(resp);
        } else {
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void common(HttpHeaders h, boolean keepAlive, HttpVersion version) {
        h.set(ResponseHeaders.DEFAULT_ACL_POLICY, "allow").set(ResponseHeaders.VARY, "Accept-Encoding")
                .set(ResponseHeaders.DATE, ResponseHeaders.date());
        if (!keepAlive) {
            h.set(ResponseHeaders.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            h.set(ResponseHeaders.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private ApiRequest apiRequest(ChannelHandlerContext ctx, HttpRequest req) {
        String uri = RequestHandler.originForm(req.uri());
        int q = uri.indexOf('?');
        return new ApiRequest(req.method(), PATH, QueryParams.parse(q < 0 ? "" : uri.substring(q + 1)),
                req.headers(), Unpooled.EMPTY_BUFFER, ctx.executor());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        Upload u = upload;
        if (u != null) {
            upload = null;
            u.tail.whenCompleteAsync((v, e) -> {
                closeQuietly(u);
                delete(u.file);
            }, FILES);
        }
        super.channelInactive(ctx);
    }

    private static void close(Upload u) {
        try {
            u.out.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void closeQuietly(Upload u) {
        try {
            u.out.close();
        } catch (IOException e) {
            log.warn("snapshot upload {}: close failed: {}", u.file, e.getMessage());
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("snapshot file {} left behind: {}", file, e.getMessage());
        }
    }
}
