package io.proconsul.core.store;

import io.proconsul.core.agent.Component;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The replicated state as the front ends see it: the only way the HTTP API, DNS and the agent read or
 * change it. On a server it is backed by the local Raft replica; on a client agent by a forwarding client
 * that talks to the servers. Implementations live in {@code raft-store}.
 *
 * <p>Threading: every method may be called from any thread, including a Netty event loop: none blocks.
 * Futures complete on the store's own threads; callers must not block those either.
 *
 * <p>Failures: futures complete exceptionally with {@link NoClusterLeaderException} when no leader is
 * known or the write could not be committed in time; with {@link IllegalArgumentException} for a command
 * the store rejects as malformed. A command that reached the log is applied exactly once even if its future
 * failed with a timeout.
 */
public interface Store extends Component {

    /** Replicates {@code command} and applies it on every server; completes once it is applied locally. */
    <R> CompletableFuture<R> apply(Command<R> command);

    /**
     * Reads according to {@code options}: with {@link QueryOptions#isBlocking()} it completes when the
     * answer's index passes {@code minIndex} or the wait ends (holding no thread while waiting).
     */
    <T> CompletableFuture<QueryResult<T>> query(Query<T> query, QueryOptions options);

    /** The leader's server RPC address as {@code ip:port}, as {@code /v1/status/leader} answers it. */
    Optional<String> leader();

    /** The voting servers' RPC addresses as {@code ip:port}, as {@code /v1/status/peers} answers them. */
    List<String> peers();

    /** The {@code raft} section of {@code consul info} and {@code /v1/agent/self} {@code Stats}. */
    Map<String, String> raftStats();
}
