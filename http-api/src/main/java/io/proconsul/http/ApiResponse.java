package io.proconsul.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What an endpoint answers: a status, extra headers, and either a value to serialize as JSON (honouring
 * {@code ?pretty}) or raw bytes with their content type. The connection handler turns it into bytes on
 * the event loop, into a pooled buffer.
 *
 * <p>Mutable while the endpoint builds it; handed over once its future completes.
 */
public final class ApiResponse {

    static final String TEXT_PLAIN_UTF8 = "text/plain; charset=utf-8";

    private final HttpResponseStatus status;
    private final boolean json;
    private final Object value;
    private final byte[] raw;
    private final CharSequence contentType;
    private final List<CharSequence> headers = new ArrayList<>(8);

    private ApiResponse(HttpResponseStatus status, boolean json, Object value, byte[] raw, CharSequence type) {
        this.status = status;
        this.json = json;
        this.value = value;
        this.raw = raw;
        this.contentType = type;
    }

    /** 200 with {@code value} as JSON; {@code null} is written as {@code null}, as Go writes a nil slice. */
    public static ApiResponse json(Object value) {
        return new ApiResponse(HttpResponseStatus.OK, true, value, null, null);
    }

    public static ApiResponse json(HttpResponseStatus status, Object value) {
        return new ApiResponse(status, true, value, null, null);
    }

    /** A short plain-text body, as Consul's errors are written. */
    public static ApiResponse text(HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new ApiResponse(status, false, null, bytes, bytes.length == 0 ? null : TEXT_PLAIN_UTF8);
    }

    /** Raw bytes with an explicit content type ({@code ?raw}). */
    public static ApiResponse raw(byte[] body, CharSequence contentType) {
        return new ApiResponse(HttpResponseStatus.OK, false, null, body == null ? new byte[0] : body, contentType);
    }

    /** No body at all (a missing key's 404). */
    public static ApiResponse empty(HttpResponseStatus status) {
        return new ApiResponse(status, false, null, new byte[0], null);
    }

    public ApiResponse header(CharSequence name, CharSequence value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public boolean isJson() {
        return json;
    }

    public Object value() {
        return value;
    }

    public byte[] raw() {
        return raw;
    }

    /** The content type for a raw body; {@code null} for none. JSON bodies are always application/json. */
    public CharSequence contentType() {
        return contentType;
    }

    /** Extra headers as alternating names and values. */
    List<CharSequence> headers() {
        return headers;
    }
}
