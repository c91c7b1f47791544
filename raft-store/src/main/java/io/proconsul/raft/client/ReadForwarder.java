package io.proconsul.raft.client;

import io.proconsul.core.store.Consistency;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.raft.command.QueryCodec;
import io.proconsul.raft.rpc.RpcClient;
import io.proconsul.raft.rpc.RpcFrames;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a client agent's reads to a server, which runs them with the requested consistency mode exactly as
 * its own reads ({@code RemoteReads} on the server): {@code DEFAULT} and {@code CONSISTENT} go to the
 * leader when it is known (a follower would first do a ReadIndex round with it), {@code STALE} to this
 * client's preferred server, each as a {@link RpcFrames#READ} request over the server RPC.
 *
 * <p>Blocking queries: the first answer completes the query if its index passed {@code minIndex};
 * otherwise the query waits in {@link BlockingWaits} (no thread, no request held on a server) and is read
 * again whenever the server's applied index moves past the one it was read at, until its index passes
 * {@code minIndex} or its wait plus Consul's jitter (up to 1/16 of it) ends; then it answers with a last
 * read, as Consul's {@code blockingQuery} does. Reads are safe to repeat, so any failure (a server down,
 * no leader there) is retried on another server until the hold timeout (Consul's {@code canRetry} for
 * reads).
 *
 * <p>Thread-safe; all work runs on the given executor.
 */
final class ReadForwarder {

    private static final Logger log = LoggerFactory.getLogger(ReadForwarder.class);
    private static final long RETRY_MS = 50;
    /** Consul's JitterFraction: a blocking wait is extended by up to 1/16. */
    private static final int JITTER_FRACTION = 16;

    private final RpcClient rpc;
    private final ServerList servers;
    private final ClusterView cluster;
    private final ScheduledExecutorService executor;
    private final Duration hold;
    private final BlockingWaits waits;

    ReadForwarder(RpcClient rpc, ServerList servers, ClusterView cluster, ScheduledExecutorService executor,
            Duration hold, Duration pollInterval) {
        this.rpc = rpc;
        this.servers = servers;
        this.cluster = cluster;
        this.executor = executor;
        this.hold = hold;
        this.waits = new BlockingWaits(this::status, executor, pollInterval);
    }

    <T> CompletableFuture<QueryResult<T>> query(Query<T> query, QueryOptions options) {
        CompletableFuture<QueryResult<T>> out = new CompletableFuture<>();
        long wait = options.maxWait().toNanos();
        long deadline = System.nanoTime() + wait + ThreadLocalRandom.current().nextLong(wait / JITTER_FRACTION + 1);
        executor.execute(() -> read(query, options, deadline, false, out));
        return out;
    }

    /** Blocking queries waiting for a change; for tests and metrics. */
    int waiting() {
        return waits.size();
    }

    private <T> void read(Query<T> query, QueryOptions options, long deadline, boolean last,
            CompletableFuture<QueryResult<T>> out) {
        byte[] message = QueryCodec.encodeQuery(query, options);
        send(message, b -> QueryCodec.decodeAnswer(query, b), () -> targetFor(options.consistency()),
                System.nanoTime() + hold.toNanos(), out, a -> {
                    QueryResult<T> r = a.result();
                    if (last || !options.isBlocking() || r.index() > options.minIndex()) {
                        out.complete(r);
                    } else {
                        waits.add(waiter(query, options, deadline, a.appliedIndex(), out));
                    }
                }, out);
    }

    private <T> BlockingWaits.Waiter waiter(Query<T> query, QueryOptions options, long deadline, long seen,
            CompletableFuture<QueryResult<T>> out) {
        return new BlockingWaits.Waiter() {
            @Override
            public long seenIndex() {
                return seen;
            }

            @Override
            public void reread() {
                read(query, options, deadline, false, out);
            }

            @Override
            public void expire() {
                read(query, options, deadline, true, out);
            }

            @Override
            public long deadlineNanos() {
                return deadline;
            }
        };
    }

    /**
     * One request that is not a blocking query (an operator call): to the leader when known, retried on
     * other servers like a read.
     */
    <A> CompletableFuture<A> call(byte[] request, Function<byte[], A> decode) {
        CompletableFuture<A> out = new CompletableFuture<>();
        byte[] message = request;
        long deadline = System.nanoTime() + hold.toNanos();
        executor.execute(() -> send(message, decode, () -> targetFor(Consistency.DEFAULT), deadline, out,
                out::complete, out));
        return out;
    }

    /** Asks a server who leads and who votes. */
    CompletableFuture<QueryCodec.Status> status() {
        CompletableFuture<QueryCodec.Status> out = new CompletableFuture<>();
        byte[] message = QueryCodec.encodeStatusRequest();
        long deadline = System.nanoTime() + hold.toNanos();
        // The leader when known: default and consistent reads, the usual blocking ones, are read there too.
        executor.execute(() -> send(message, QueryCodec::decodeStatus, () -> targetFor(Consistency.DEFAULT), deadline,
                out, out::complete, out));
        return out;
    }

    private Optional<Server> targetFor(Consistency mode) {
        Optional<Server> leader = mode == Consistency.STALE ? Optional.empty() : cluster.leader();
        return leader.isPresent() ? leader : servers.preferred();
    }

    /**
     * Sends to the server {@code target} names until one answers: {@code done} gets the decoded answer;
     * {@code failed} fails on a definite error or once {@code deadline} passes. {@code cancelled} stops the
     * tries when completed elsewhere. A server that fails is no longer preferred, nor taken for the leader.
     */
    private <A> void send(byte[] message, Function<byte[], A> decode, Supplier<Optional<Server>> targets,
            long deadline, CompletableFuture<?> cancelled, Consumer<A> done, CompletableFuture<?> failed) {
        Optional<Server> target = targets.get();
        long left = deadline - System.nanoTime();
        if (cancelled.isDone()) {
            return;
        }
        if (target.isEmpty() || left <= 0) {
            failed.completeExceptionally(new NoClusterLeaderException());
            return;
        }
        Server to = target.get();
        rpc.call(to.rpcAddress(), RpcFrames.READ, message, Duration.ofNanos(left))
                .whenComplete((r, e) -> executor.execute(() -> {
                    A answer;
                    try {
                        answer = answerOf(r, e, decode);
                    } catch (IllegalStateException | IllegalArgumentException definite) {
                        failed.completeExceptionally(definite);
                        return;
                    } catch (RuntimeException retry) {
                        log.debug("read from {} failed, trying another server: {}", to.id(), retry.toString());
                        if (cluster.leader().filter(to::equals).isPresent()) {
                            cluster.forgetLeader();
                        }
                        servers.rotate(to.id());
                        executor.schedule(() -> send(message, decode, targets, deadline, cancelled, done, failed),
                                RETRY_MS, TimeUnit.MILLISECONDS);
                        return;
                    }
                    done.accept(answer);
                }));
    }

    /**
     * The decoded answer; {@link IllegalStateException} for the server's definite refusal, any other
     * exception for a failure worth retrying elsewhere.
     */
    private static <A> A answerOf(byte[] r, Throwable e, Function<byte[], A> decode) {
        if (e != null) {
            throw new RetryableException(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        }
        return decode.apply(r);
    }

    private static final class RetryableException extends RuntimeException {
        RetryableException(Throwable cause) {
            super(String.valueOf(cause), cause, false, false);
        }
    }
}
