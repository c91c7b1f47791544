package io.proconsul.core.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a read: Consul's {@code QueryOptions} as parsed from {@code ?stale}, {@code ?consistent},
 * {@code ?index}, {@code ?wait}, {@code ?dc} and the token.
 *
 * @param minIndex block until the answer's index is greater than this; 0 answers at once
 * @param maxWait how long a blocking query may wait before answering with what it has; the store adds
 *     Consul's jitter (up to 1/16 of it) and caps it at {@link #MAX_WAIT}
 * @param maxStale for {@link Consistency#STALE}: how far behind the leader a replica may be before the
 *     read goes to the leader instead; {@link Duration#ZERO} means no limit
 * @param datacenter the datacenter to read from; {@code ""} for the agent's own
 * @param token the ACL token, {@code ""} for the anonymous token
 */
public record QueryOptions(
        Consistency consistency, long minIndex, Duration maxWait, Duration maxStale, String datacenter, String token) {

    /** Consul's default blocking wait. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    /** Consul's cap on a blocking wait. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);

    public static final QueryOptions DEFAULT =
            new QueryOptions(Consistency.DEFAULT, 0, DEFAULT_WAIT, Duration.ZERO, "", "");

    public QueryOptions {
        Objects.requireNonNull(consistency, "consistency");
        maxWait = maxWait == null || maxWait.isZero() || maxWait.isNegative() ? DEFAULT_WAIT : maxWait;
        maxWait = maxWait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : maxWait;
        maxStale = maxStale == null ? Duration.ZERO : maxStale;
        datacenter = datacenter == null ? "" : datacenter;
        token = token == null ? "" : token;
    }

    public QueryOptions withConsistency(Consistency c) {
        return new QueryOptions(c, minIndex, maxWait, maxStale, datacenter, token);
    }

    public QueryOptions blocking(long index, Duration wait) {
        return new QueryOptions(consistency, index, wait, maxStale, datacenter, token);
    }

    public boolean isBlocking() {
        return minIndex > 0;
    }
}
