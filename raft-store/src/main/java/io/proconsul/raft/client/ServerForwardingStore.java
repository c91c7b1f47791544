package io.proconsul.raft.client;

import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.EventBus;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.Operator;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.store.AutopilotSetConfig;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.Store;
import io.proconsul.core.store.Txn;
import io.proconsul.raft.command.CommandCodec;
import io.proconsul.raft.command.LogCommand;
import io.proconsul.raft.command.OperatorCodec;
import io.proconsul.raft.command.ResultCodec;
import io.proconsul.raft.rpc.RpcClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} and {@link Operator} of a client agent: it keeps no Raft log and no state, and forwards every write and read
 * to the servers of its datacenter over their client RPC listener ({@link RpcClient}), as Consul's client
 * agents do over the server RPC port ({@code agent/consul/client.go}). The servers are learned from LAN
 * gossip ({@link MemberEvent}s with {@code role=consul}, the same {@code dc}, the Raft port in tag
 * {@code port}, the client RPC port in tag {@code client_rpc_port}, the node ID in tag {@code id}). Loads
 * no Raft (Ratis) class: the agent's own Netty carries the requests.
 *
 * <ul>
 *   <li>Writes go to the leader and follow leader changes; see {@link WriteForwarder} for when a write is
 *       resent. With no server known, or none answering within Consul's RPC hold timeout (7 s), they fail
 *       with {@link NoClusterLeaderException}.
 *   <li>Reads run on a server with the requested consistency mode. Blocking queries wait here, holding
 *       no thread, and are read again as soon as a server's applied index moves (polled every 50 ms while
 *       any waits); see {@link ReadForwarder} and {@link BlockingWaits}.
 *   <li>The {@link Operator} calls go to the leader like reads (storing autopilot settings is a write).
 *   <li>Snapshot saves and restores ({@link SnapshotStore}) stream through a server; see
 *       {@link SnapshotForwarder}.
 *   <li>{@link #leader()} and {@link #peers()} report what a server last told this agent (asked every
 *       second); {@link #raftStats()} is empty: a client agent has no {@code raft} section in
 *       {@code consul info}.
 * </ul>
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()} (idempotent; fails what is still pending with
 * "No cluster leader"). Threading: every method is non-blocking and thread-safe; futures complete on the
 * store's own threads ({@code forwarding-store-*}). Owns its network clients and threads.
 */
public final class ServerForwardingStore implements Store, Operator, SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(ServerForwardingStore.class);

    /** Consul's RPCHoldTimeout: how long a request may wait for a leader. */
    static final Duration HOLD_TIMEOUT = Duration.ofSeconds(7);
    /**
     * How often a server's applied index is asked for while blocking queries wait: the most a watcher's
     * wake-up may lag a write.
     */
    static final Duration BLOCKING_POLL = Duration.ofMillis(50);
    private static final long STATUS_INTERVAL_MS = 1000;

    private final EventBus bus;
    // After close, work still handed over runs on the handing thread, so no caller's future stays pending.
    private final ScheduledThreadPoolExecutor executor =
            new ScheduledThreadPoolExecutor(2, daemon("forwarding-store"), (task, pool) -> task.run());
    private final ServerList servers;
    private final ClusterView cluster;
    private final RpcClient rpc;
    private final WriteForwarder writes;
    private final ReadForwarder reads;
    private final SnapshotForwarder snapshots;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile long lastStatusNanos = System.nanoTime();
    private EventBus.Subscription subscription;
    private volatile boolean closed;

    public ServerForwardingStore(AgentConfig config, EventBus bus) {
        this(config, bus, BLOCKING_POLL);
    }

    /** With another poll interval for blocking queries than the default. */
    ServerForwardingStore(AgentConfig config, EventBus bus, Duration blockingPoll) {
        this.bus = bus;
        executor.setRemoveOnCancelPolicy(true);
        this.servers = new ServerList(config.datacenter());
        this.cluster = new ClusterView(servers);
        this.rpc = new RpcClient();
        this.writes = new WriteForwarder(rpc, servers, cluster, executor, HOLD_TIMEOUT);
        this.reads = new ReadForwarder(rpc, servers, cluster, executor, HOLD_TIMEOUT, blockingPoll);
        this.snapshots = new SnapshotForwarder(rpc, servers, cluster, scratchDir(config));
    }

    @Override
    public String name() {
        return "forwarding-store";
    }

    /** Starts listening to gossip and asking the servers who leads; needs no server yet. */
    @Override
    public synchronized void start() {
        // Queued: a change may close connections, more than an inline subscriber may do.
        subscription = bus.subscribe(MemberEvent.class, this::onMember);
        executor.scheduleWithFixedDelay(this::pollStatus, 0, STATUS_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void onMember(MemberEvent e) {
        if (servers.onEvent(e)) {
            rpc.retain(servers.all().stream().map(Server::rpcAddress).toList());
            log.debug("servers now {}", servers.all());
        }
    }

    @Override
    public <R> CompletableFuture<R> apply(Command<R> command) {
        if (command instanceof Txn txn && txn.ops().size() > Txn.MAX_OPS) {
            // Consul refuses these before any RPC, with this text (as a server agent does).
            return CompletableFuture.failedFuture(new IllegalArgumentException(String.format(
                    "Transaction contains too many operations (%d > %d)", txn.ops().size(), Txn.MAX_OPS)));
        }
        if (closed || servers.isEmpty()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        byte[] data = CommandCodec.encode(new LogCommand.Client(command));
        return track(writes.write(data).thenApply(ServerForwardingStore::decodeResult));
    }

    @SuppressWarnings("unchecked")
    private static <R> R decodeResult(byte[] data) {
        // Consul answers refusals (a lock with an unknown session, a session on a missing check) as an error
        // with its text: see ResultCodec.valueOrThrow for which exception.
        return (R) ResultCodec.valueOrThrow(ResultCodec.decode(data));
    }

    @Override
    public <T> CompletableFuture<QueryResult<T>> query(Query<T> query, QueryOptions options) {
        if (closed || servers.isEmpty()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        return track(reads.query(query, options));
    }

    @Override
    public Optional<String> leader() {
        return cluster.leaderAddress();
    }

    @Override
    public List<String> peers() {
        return cluster.voters();
    }

    /** Empty: Consul's client agents report no {@code raft} section. */
    @Override
    public Map<String, String> raftStats() {
        return Map.of();
    }

    @Override
    public CompletableFuture<RaftConfiguration> raftConfiguration(QueryOptions options) {
        return operator(OperatorCodec.Op.RAFT_CONFIGURATION, options, "", "", OperatorCodec::decodeConfiguration);
    }

    @Override
    public CompletableFuture<Void> removeRaftPeer(String id, String address) {
        return operator(OperatorCodec.Op.REMOVE_PEER, QueryOptions.DEFAULT, id, address, b -> {
            OperatorCodec.decodeDone(b);
            return null;
        });
    }

    @Override
    public CompletableFuture<AutopilotConfig> autopilotConfiguration(QueryOptions options) {
        return operator(OperatorCodec.Op.AUTOPILOT_CONFIGURATION, options, "", "", OperatorCodec::decodeAutopilot);
    }

    /** A Raft command, as on a server: it travels as a write. */
    @Override
    public CompletableFuture<Boolean> setAutopilotConfiguration(AutopilotConfig config, long casIndex) {
        return apply(new AutopilotSetConfig(config, casIndex));
    }

    @Override
    public CompletableFuture<AutopilotHealth> autopilotHealth(QueryOptions options) {
        return operator(OperatorCodec.Op.AUTOPILOT_HEALTH, options, "", "", OperatorCodec::decodeHealth);
    }

    private <A> CompletableFuture<A> operator(OperatorCodec.Op op, QueryOptions options, String id, String address,
            Function<byte[], A> decode) {
        if (closed || servers.isEmpty()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        return track(reads.call(OperatorCodec.encodeRequest(op, options, id, address), decode));
    }

    /** {@code <data-dir>/snapshot-tmp}; without a data dir (-dev), a directory of its own under the temp dir. */
    private static Path scratchDir(AgentConfig config) {
        return config.dataDir().isEmpty()
                ? Path.of(System.getProperty("java.io.tmpdir"), "proconsul-snapshot-" + UUID.randomUUID())
                : Path.of(config.dataDir(), "snapshot-tmp");
    }

    /** Saved by a server (the leader's state unless {@code ?stale}) and streamed into a file here. */
    @Override
    public CompletableFuture<Saved> save(QueryOptions options) {
        if (closed || servers.isEmpty()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        return track(snapshots.save(options));
    }

    /** Streamed to a server, which verifies it and restores it through Raft. */
    @Override
    public CompletableFuture<Void> restore(Path archive) {
        if (closed || servers.isEmpty()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        return track(snapshots.restore(archive));
    }

    @Override
    public Path scratchDir() throws IOException {
        return snapshots.scratchDir();
    }

    /** Refreshes the leader and voters; after a hold timeout without an answer the leader is unknown. */
    private void pollStatus() {
        if (servers.isEmpty()) {
            cluster.forgetAll();
            return;
        }
        reads.status().whenComplete((s, e) -> {
            if (e == null) {
                lastStatusNanos = System.nanoTime();
                cluster.status(s);
            } else if (System.nanoTime() - lastStatusNanos > HOLD_TIMEOUT.toNanos()) {
                cluster.forgetLeader();
            }
        });
    }

    /** Remembers the future until it completes, so that close can fail it. */
    private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        pending.add(f);
        f.whenComplete((v, e) -> pending.remove(f));
        if (closed) {
            f.completeExceptionally(new NoClusterLeaderException());
        }
        return f;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
        rpc.close();
        executor.shutdownNow();
        for (CompletableFuture<?> f : pending) {
            f.completeExceptionally(new NoClusterLeaderException());
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
