package io.proconsul.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.proconsul.core.GoDuration;
import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.QueryOptions;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads Consul's common query options from a request, in the order and with the texts of Consul's
 * {@code parse}: datacenter, token, consistency ({@code ?stale}, {@code ?consistent}, {@code ?max_stale}),
 * then {@code ?wait} and {@code ?index}. Bad input throws {@link ApiException.BadRequest}.
 *
 * <p>Stateless apart from the local datacenter; safe to share.
 */
public final class QueryOptionsParser {

    static final String CONFLICTING_CONSISTENCY = "Cannot specify ?stale with ?consistent, conflicting semantics.";
    static final String INVALID_WAIT = "Invalid wait time";
    static final String INVALID_INDEX = "Invalid index";
    /** Consul's {@code structs.ErrNoDCPath}: what a request for a datacenter nobody knows gets. */
    public static final String NO_DC_PATH = "No path to datacenter";

    private final String localDatacenter;

    public QueryOptionsParser(String localDatacenter) {
        this.localDatacenter = localDatacenter;
    }

    /** Every option of a read. */
    public QueryOptions parse(ApiRequest req) {
        QueryParams q = req.query();
        String dc = datacenter(req);
        String token = token(req);
        Consistency consistency = Consistency.DEFAULT;
        boolean stale = q.has("stale");
        Duration maxStale = Duration.ZERO;
        if (!q.get("max_stale").isEmpty()) {
            maxStale = duration(q.get("max_stale"), "Invalid max_stale value " + goQuote(q.get("max_stale")));
            stale |= maxStale.toNanos() > 0;
        }
        if (stale && q.has("consistent")) {
            throw new ApiException.BadRequest(CONFLICTING_CONSISTENCY);
        }
        if (stale) {
            consistency = Consistency.STALE;
        } else if (q.has("consistent")) {
            consistency = Consistency.CONSISTENT;
        }
        rejectBadCacheControl(req);
        Duration wait = Duration.ZERO;
        if (!q.get("wait").isEmpty()) {
            wait = duration(q.get("wait"), INVALID_WAIT);
        }
        long index = 0;
        if (!q.get("index").isEmpty()) {
            index = unsigned(q.get("index"));
        }
        return new QueryOptions(consistency, index, wait, maxStale, dc, token);
    }

    /**
     * The requested datacenter: {@code ""} for this agent's own (also when named explicitly), otherwise
     * the name as given.
     */
    public String datacenter(ApiRequest req) {
        String dc = req.query().get("dc");
        return dc.equals(localDatacenter) ? "" : dc;
    }

    /**
     * Fails with Consul's answer for another datacenter: cross-datacenter forwarding arrives with the WAN
     * pool, and until then no other datacenter is reachable.
     */
    public void requireReachable(String datacenter) {
        if (!datacenter.isEmpty()) {
            throw new ApiException.ServerError(NO_DC_PATH);
        }
    }

    /** The ACL token: {@code ?token}, else {@code X-Consul-Token}, else {@code Authorization: Bearer}. */
    public static String token(ApiRequest req) {
        String t = req.query().get("token");
        if (!t.isEmpty()) {
            return t;
        }
        String header = req.headers().get("X-Consul-Token");
        if (header != null && !header.isEmpty()) {
            return header;
        }
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null) {
            return "";
        }
        String[] parts = auth.split(" ", -1);
        if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            return "";
        }
        String value = auth.substring(parts[0].length() + 1).trim();
        return value.split(" ", -1)[0].trim();
    }

    /**
     * Consul parses {@code Cache-Control} on every read for its agent cache and refuses a non-numeric
     * {@code max-age} or {@code stale-if-error}, even where no cache is involved.
     */
    private static void rejectBadCacheControl(ApiRequest req) {
        String raw = req.headers().get("Cache-Control");
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String d : raw.toLowerCase(Locale.ROOT).split(",", -1)) {
            d = d.trim();
            String value = d.startsWith("max-age=") ? d.substring(8)
                    : d.startsWith("stale-if-error=") ? d.substring(15) : null;
            if (value != null) {
                try {
                    Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new ApiException.BadRequest("Invalid Cache-Control header.");
                }
            }
        }
    }

    private static Duration duration(String text, String error) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(error);
        }
    }

    private static long unsigned(String text) {
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new ApiException.BadRequest(INVALID_INDEX);
        }
    }

    /** Go's {@code %q} for the plain strings that reach error texts. */
    static String goQuote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
