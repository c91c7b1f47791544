package io.proconsul.http;

import io.netty.util.AsciiString;
import io.proconsul.core.store.QueryResult;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Consul's response metadata headers, spelled as Go's {@code Header.Set} canonicalizes them on the wire
 * ({@code X-Consul-Knownleader}, not {@code X-Consul-KnownLeader}): clients read them case-insensitively,
 * but byte-for-byte equality keeps naive ones working too. Set only where Consul sets them: the index,
 * leader and contact headers plus the effective consistency on blocking-query reads
 * ({@code agent/http.go setMeta}); leader and contact alone on read-only transactions.
 */
public final class ResponseHeaders {

    public static final AsciiString INDEX = AsciiString.cached("X-Consul-Index");
    public static final AsciiString KNOWN_LEADER = AsciiString.cached("X-Consul-Knownleader");
    public static final AsciiString LAST_CONTACT = AsciiString.cached("X-Consul-Lastcontact");
    public static final AsciiString EFFECTIVE_CONSISTENCY = AsciiString.cached("X-Consul-Effective-Consistency");
    public static final AsciiString DEFAULT_ACL_POLICY = AsciiString.cached("X-Consul-Default-Acl-Policy");
    public static final AsciiString CONTENT_TYPE_OPTIONS = AsciiString.cached("X-Content-Type-Options");
    public static final AsciiString CONTENT_SECURITY_POLICY = AsciiString.cached("Content-Security-Policy");
    // Go writes standard names in canonical case too; Netty's constants are lower-case.
    public static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    public static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    public static final AsciiString DATE = AsciiString.cached("Date");
    public static final AsciiString CONNECTION = AsciiString.cached("Connection");
    public static final AsciiString ALLOW = AsciiString.cached("Allow");
    public static final AsciiString VARY = AsciiString.cached("Vary");
    public static final AsciiString LOCATION = AsciiString.cached("Location");
    public static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    static final AsciiString TRUE = AsciiString.cached("true");
    static final AsciiString FALSE = AsciiString.cached("false");

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static volatile CachedDate cachedDate = new CachedDate(0, "");

    private ResponseHeaders() {}

    /** Index, last contact, known leader and effective consistency of a blocking-query read. */
    public static ApiResponse meta(ApiResponse response, QueryResult<?> result) {
        return leader(response, result)
                .header(INDEX, Long.toUnsignedString(result.index()))
                .header(EFFECTIVE_CONSISTENCY, result.consistency().headerValue());
    }

    /** Last contact and known leader only, as Consul sends them for a read-only transaction. */
    public static ApiResponse leader(ApiResponse response, QueryResult<?> result) {
        return response
                .header(LAST_CONTACT, Long.toString(Math.max(0, result.lastContactMillis())))
                .header(KNOWN_LEADER, result.knownLeader() ? TRUE : FALSE);
    }

    /** The {@code Date} header Go's server always sends, formatted once per second. */
    static String date() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate d = cachedDate;
        if (d.second != second) {
            d = new CachedDate(second, HTTP_DATE.format(
                    ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC)));
            cachedDate = d;
        }
        return d.text;
    }

    private record CachedDate(long second, String text) {}
}
