package io.proconsul.core.store;

/**
 * A read's answer and the metadata Consul sends with it.
 *
 * @param index the answer's index for {@code X-Consul-Index}; always at least 1
 * @param knownLeader whether the answering server knew of a leader ({@code X-Consul-KnownLeader})
 * @param lastContactMillis milliseconds since the answering server last heard from the leader, 0 on the
 *     leader itself ({@code X-Consul-LastContact})
 * @param consistency the mode the answer was actually served with
 *     ({@code X-Consul-Effective-Consistency})
 */
public record QueryResult<T>(T value, long index, boolean knownLeader, long lastContactMillis, Consistency consistency) {

    public QueryResult {
        index = Math.max(1, index);
    }
}
