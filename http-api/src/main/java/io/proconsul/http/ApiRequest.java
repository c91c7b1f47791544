package io.proconsul.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.EventExecutor;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * One decoded HTTP request as an endpoint sees it: method, percent-decoded path, Go-style query, headers
 * and body.
 *
 * <p>Ownership: the body buffer belongs to the connection handler and is released once
 * {@link Routes.Handler#handle} returns, so an endpoint reads the body synchronously inside
 * {@code handle} and never keeps the buffer. Threading: built and handled on the channel's event loop;
 * {@link #onLoop} brings a store future's completion back onto it.
 */
public final class ApiRequest {

    private final HttpMethod method;
    private final String path;
    private final QueryParams query;
    private final HttpHeaders headers;
    private final ByteBuf body;
    private final EventExecutor loop;

    ApiRequest(HttpMethod method, String path, QueryParams query, HttpHeaders headers, ByteBuf body,
            EventExecutor loop) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.loop = loop;
    }

    public HttpMethod method() {
        return method;
    }

    /** The percent-decoded path, as Go's {@code req.URL.Path}. */
    public String path() {
        return path;
    }

    public QueryParams query() {
        return query;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** Bytes in the body as received. */
    public int bodyLength() {
        return body.readableBytes();
    }

    /** The value of {@code Content-Length}, or -1 without one (Go's {@code req.ContentLength}). */
    public long contentLength() {
        String v = headers.get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_LENGTH);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A copy of the body. */
    public byte[] bodyBytes() {
        return ByteBufUtil.getBytes(body);
    }

    /** The body as a stream; valid only during {@code handle}. */
    public InputStream bodyStream() {
        return new ByteBufInputStream(body.duplicate());
    }

    /**
     * A future that completes like {@code f} but on this request's event loop, so the response is built
     * and serialized there rather than on a store thread. An already-completed future is returned as is.
     */
    public <T> CompletableFuture<T> onLoop(CompletableFuture<T> f) {
        if (f.isDone()) {
            return f;
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> {
            if (loop.inEventLoop()) {
                complete(out, v, e);
            } else {
                loop.execute(() -> complete(out, v, e));
            }
        });
        return out;
    }

    private static <T> void complete(CompletableFuture<T> out, T value, Throwable error) {
        if (error != null) {
            out.completeExceptionally(error);
        } else {
            out.complete(value);
        }
    }
}
