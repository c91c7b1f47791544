package io.proconsul.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request's query string decoded as Go's {@code url.ParseQuery} does, because Consul's behaviour hangs on
 * its details: a flag counts when present with any value ({@code ?recurse}, {@code ?recurse=false}),
 * {@link #get} is the first value, {@code +} is a space, and a bad escape or a {@code ;} makes the whole
 * query invalid (Consul then answers 500 with an empty body).
 *
 * <p>Immutable once built; confined to the request's event loop.
 */
public final class QueryParams {

    static final QueryParams EMPTY = new QueryParams(Map.of());

    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses a raw query (without the {@code ?}); throws {@link IllegalArgumentException} when malformed. */
    static QueryParams parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> values = new HashMap<>();
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (pair.indexOf(';') >= 0) {
                throw new IllegalArgumentException("invalid semicolon separator in query");
            }
            int eq = pair.indexOf('=');
            String key = unescape(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : unescape(pair.substring(eq + 1), true);
            values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
        }
        return new QueryParams(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The first value, {@code ""} when the parameter is absent or empty (Go's {@code Values.Get}). */
    public String get(String name) {
        List<String> v = values.get(name);
        return v == null ? "" : v.get(0);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, Collections.emptyList());
    }

    /** Go's {@code Values.Encode}: sorted by key, escaped with {@code QueryEscape}; Consul echoes it in errors. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : new TreeMap<>(values).entrySet()) {
            for (String v : e.getValue()) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(escape(e.getKey())).append('=').append(escape(v));
            }
        }
        return sb.toString();
    }

    /**
     * Percent-decoding into UTF-8 text; with {@code plusIsSpace} for query components, without for paths.
     * Netty hands over the request line one char per byte, so a char up to U+00FF is taken as the raw
     * byte it came from (a client sending unescaped UTF-8 gets the key it meant, as with Go).
     */
    static String unescape(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0) && isAscii(s)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("invalid URL escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid URL escape");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x100) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code url.QueryEscape}: only {@code A-Z a-z 0-9 - _ . ~} stay as they are, a space becomes +. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
