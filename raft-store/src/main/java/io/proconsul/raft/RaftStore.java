package io.proconsul.raft;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import io.proconsul.core.config.AgentConfig;
import io.proconsul.core.event.EventBus;
import io.proconsul.core.event.LeaderChanged;
import io.proconsul.core.event.TablesChanged;
import io.proconsul.core.operator.AutopilotConfig;
import io.proconsul.core.operator.AutopilotHealth;
import io.proconsul.core.operator.Operator;
import io.proconsul.core.operator.RaftConfiguration;
import io.proconsul.core.store.AutopilotSetConfig;
import io.proconsul.core.snapshot.SnapshotStore;
import io.proconsul.core.store.Command;
import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.core.store.Query;
import io.proconsul.core.store.QueryOptions;
import io.proconsul.core.store.QueryResult;
import io.proconsul.core.store.Store;
import io.proconsul.core.store.Txn;
import io.proconsul.raft.client.ServerRpc;
import io.proconsul.raft.command.CommandCodec;
import io.proconsul.raft.command.LogCommand;
import io.proconsul.raft.command.ResultCodec;
import io.proconsul.raft.fsm.StoreStateMachine;
import io.proconsul.raft.rpc.RpcServer;
import io.proconsul.raft.state.AutopilotTable;
import io.proconsul.raft.state.StateStore;
import io.proconsul.raft.watch.BlockingQueries;
import io.proconsul.raft.watch.KeyWatches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated state of a server agent: an Apache Ratis server (Netty transport on the server RPC
 * port, log under {@code <data-dir>/raft}) whose state machine keeps the tables in RocksDB under
 * {@code <data-dir>/state}. The only public type of this module.
 *
 * <p>Group formation: with {@code -dev}, {@code -bootstrap} or {@code -bootstrap-expect=1} a single-peer
 * group forms and elects this server at once. Otherwise the server starts without a group (unless one is
 * already on disk from an earlier run) and answers "No cluster leader" until the servers that gossip
 * reports ({@code MemberEvent}s on the bus) form one: see {@link ServerDiscovery}.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()} (idempotent). Threading: every method is
 * non-blocking and thread-safe; futures complete on the store's own threads ({@code raft-store-*}), except
 * that a write submitted on a Netty event loop (an HTTP request) completes on that event loop.
 * Publishes {@link LeaderChanged} and {@link TablesChanged} on the bus.
 *
 * <p>Also the server side of {@link Operator} (Raft configuration, peer removal, autopilot, see
 * {@link OperatorView} and {@link Autopilot}), and of a graceful server {@link #leave()}. A
 * {@code <data-dir>/raft/peers.json} found at start-up resets the Raft configuration to its peers
 * ({@link PeersJsonRecovery}).
 */
public final class RaftStore implements Store, Operator, SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(RaftStore.class);

    private final AgentConfig config;
    private final EventBus bus;
    private final StoreThreads threads = new StoreThreads();
    private final ExecutorService executor = threads.executor;
    private final ScheduledThreadPoolExecutor scheduler = threads.scheduler;
    private final KeyWatches watches = new KeyWatches(executor);
    private final BlockingQueries blocking = new BlockingQueries(scheduler, executor);
    private final ServerSessions sessions;
    private final CommitListener commits;
    private final Tuning tuning;
    private volatile RaftSettings settings;
    private volatile StateMachines machines;
    private volatile RaftServer server;
    private volatile RaftView raft;
    private volatile LocalSubmitter submitter;
    private volatile LeaderForwarder forwarder;
    private volatile ReadPath reads;
    private volatile Membership membership;
    private volatile ServerDiscovery discovery;
    private final KnownServers known = new KnownServers();
    private volatile Autopilot autopilot;
    private volatile OperatorView operator;
    private volatile ServerLeave serverLeave;
    private volatile RaftSnapshots snapshots;
    private volatile RpcServer clientRpc;
    private volatile boolean closed;
    private DevDataDir devDir;

    public RaftStore(AgentConfig config, EventBus bus) {
        this(config, bus, Tuning.DEFAULTS);
    }

    /** With other timings than Consul's: for tests. */
    RaftStore(AgentConfig config, EventBus bus, Tuning tuning) {
        this.config = config;
        this.bus = bus;
        this.tuning = tuning;
        this.sessions = new ServerSessions(scheduler, this::apply, () -> machines.current());
        this.commits = new CommitListener(bus, executor, scheduler, tuning, sessions, watches, blocking, () -> raft,
                () -> settings, () -> machines, () -> submitter, () -> discovery);
    }

    @Override
    public String name() {
        return "raft";
    }

    /** Starts the server; on failure everything already started is closed again before the cause is thrown. */
    @Override
    public synchronized void start() throws IOException {
        try {
            startServer();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startServer() throws IOException {
        ServerRpc.raiseEventLoops();
        // Start-up is on the critical path: load RocksDB's native library while Ratis's classes load.
        executor.execute(StateStore::loadLibrary);
        AgentConfig effective = config;
        if (config.dataDir().isEmpty() && config.devMode()) {
            // -dev keeps nothing: a throwaway directory, removed again on close.
            devDir = DevDataDir.create();
            effective = config.withDataDir(devDir.path().toString());
        }
        settings = RaftSettings.from(effective, tuning);
        Files.createDirectories(settings.raftDir());
        Optional<List<RaftPeer>> recovery = PeersJsonRecovery.read(settings.raftDir());
        if (recovery.isPresent()) {
            PeersJsonRecovery.prepare(settings, recovery.get());
        }
        machines = new StateMachines(() -> sessions.attach(new StoreStateMachine(settings.stateDir(),
                commits::committed, commits::leaderChanged, this::removedFromGroup)));
        server = GroupStart.build(settings, machines, recovery);
        // Wired before Ratis starts: the first leader notice can arrive within milliseconds of start().
        raft = new RaftView(server, settings.groupId());
        forwarder = new LeaderForwarder(effective.datacenter(), scheduler, () -> raft.leader());
        submitter = new LocalSubmitter(server, raft, settings.groupId(), settings.self().getId(), scheduler, forwarder,
                index -> machines.current().awaitApplied(index), known::clientRpcAddress);
        membership = new Membership(server, raft, settings.groupId(), settings.self().getId());
        autopilot = new Autopilot(raft, known, membership, this::storedAutopilotConfig, config.autopilot(), this::apply,
                settings.self(), config.nodeName(), StoreThreads.background("raft-autopilot"));
        discovery = new ServerDiscovery(settings, raft, membership, StoreThreads.background("raft-discovery"),
                known, autopilot::promotable);
        discovery.start(bus);
        server.start();
        if (recovery.isPresent()) {
            PeersJsonRecovery.delete(settings.raftDir());
        }
        autopilot.start();
        reads = new ReadPath(raft, () -> submitter, machines::current, watches, blocking, executor, scheduler);
        LeaderAdmin admin = new LeaderAdmin(raft, membership, settings.properties(), executor);
        operator = new OperatorView(raft, known, admin, autopilot, reads, machines::current, settings.self(),
                config.nodeName(), forwarder, executor);
        serverLeave = new ServerLeave(server, raft, admin, membership, settings.groupId(), settings.self().getId());
        snapshots = new RaftSnapshots(settings.stateDir().resolveSibling("snapshot-tmp"), reads, () -> submitter,
                machines::current, raft);
        RemoteReads remote = new RemoteReads(reads, raft, machines::current, this);
        machines.serveRemoteReads(remote::answer);
        clientRpc = ClientRpcService.listen(settings.bind().getHostString(), settings.config().ports(), serverPort(),
                new ClientRpcService(submitter, raft, remote, snapshots));
        log.info("raft: started {} at {} (group {})", settings.self().getId(), settings.bind(), settings.groupId());
    }

    /**
     * Ratis thread: the leader told this server it is no longer in the configuration (autopilot removed it
     * while it was down), and Ratis closed the division. Consul's server in that spot rejoins and is added
     * back; here discovery re-enters the group as a joiner, and the leader adds it again once gossip says it
     * is alive (see {@link ServerDiscovery#rejoin()}). Not after close or a graceful leave.
     */
    private void removedFromGroup() {
        ServerDiscovery d = discovery;
        if (d != null && !closed) {
            d.rejoin();
        }
    }

    /**
     * The server RPC (Raft) port this store listens on: the configured {@code ports.server}, or the free
     * port picked for a configured 0. Gossip advertises it in the {@code port} tag. Valid after
     * {@link #start()}.
     */
    public int serverPort() {
        return settings.bind().getPort();
    }

    /**
     * The port client agents send their requests to (gossip tag {@link RpcServer#GOSSIP_TAG}), -1 when
     * {@code ports.client_rpc} turned the listener off; after start.
     */
    public int clientRpcPort() {
        RpcServer s = clientRpc;
        return s == null ? -1 : s.port();
    }

    /** This server as a Raft peer (ID and RPC address); valid after {@link #start()}. */
    RaftPeer self() {
        return settings.self();
    }

    /**
     * Forms the group from the given servers, this one included: for a server that started without
     * bootstrap once gossip has found the expected servers. Package-private until gossip drives it.
     */
    void bootstrap(List<RaftPeer> peers) throws IOException {
        membership.form(peers);
    }

    /** Package-private until gossip drives it: see {@link Membership}. */
    Membership membership() {
        return membership;
    }

    @Override
    public <R> CompletableFuture<R> apply(Command<R> command) {
        LocalSubmitter s = submitter;
        if (s == null || raft.division().isEmpty()) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        if (command instanceof Txn txn && txn.ops().size() > Txn.MAX_OPS) {
            // Consul's txn endpoint refuses these before they reach Raft, with this text.
            return CompletableFuture.failedFuture(new IllegalArgumentException(String.format(
                    "Transaction contains too many operations (%d > %d)", txn.ops().size(), Txn.MAX_OPS)));
        }
        byte[] data = CommandCodec.encode(new LogCommand.Client(command));
        return s.write(data).thenApplyAsync(m -> decodeResult(m.getContent().toByteArray()), answerOn());
    }

    /**
     * Where a write's answer is handed to its caller: never on the Ratis or RPC thread that completes it
     * (a caller's next step might block it). A caller on a Netty event loop (an HTTP request) gets it on
     * that loop, where its response is written anyway: one thread hand-off per write instead of two (to the
     * store's executor, then back to the loop). Event-loop code never blocks on a future, so that cannot
     * hold the answer up. Anyone else gets it on the store's executor.
     */
    private Executor answerOn() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        return loop != null && !loop.isShuttingDown() ? loop : executor;
    }

    @SuppressWarnings("unchecked")
    private static <R> R decodeResult(byte[] data) {
        // Consul answers refusals (a lock with an unknown session, a session on a missing check) as an error
        // with its text: see ResultCodec.valueOrThrow for which exception.
        return (R) ResultCodec.valueOrThrow(ResultCodec.decode(data));
    }

    @Override
    public <T> CompletableFuture<QueryResult<T>> query(Query<T> query, QueryOptions options) {
        ReadPath r = reads;
        if (r == null) {
            return CompletableFuture.failedFuture(new NoClusterLeaderException());
        }
        return r.query(query, options);
    }

    @Override
    public Optional<String> leader() {
        RaftView r = raft;
        return r == null ? Optional.empty() : r.leader().map(RaftPeer::getAddress);
    }

    @Override
    public List<String> peers() {
        RaftView r = raft;
        return r == null ? List.of() : r.voters().stream().map(RaftPeer::getAddress).sorted().toList();
    }

    @Override
    public Map<String, String> raftStats() {
        RaftView r = raft;
        return r == null ? Map.of() : RaftStats.of(r);
    }

    @Override
    public CompletableFuture<RaftConfiguration> raftConfiguration(QueryOptions options) {
        OperatorView o = operator;
        return o == null ? CompletableFuture.failedFuture(new NoClusterLeaderException())
                : o.raftConfiguration(options);
    }

    @Override
    public CompletableFuture<Void> removeRaftPeer(String id, String address) {
        OperatorView o = operator;
        return o == null ? CompletableFuture.failedFuture(new NoClusterLeaderException())
                : o.removeRaftPeer(id, address);
    }

    @Override
    public CompletableFuture<AutopilotConfig> autopilotConfiguration(QueryOptions options) {
        OperatorView o = operator;
        return o == null ? CompletableFuture.failedFuture(new NoClusterLeaderException())
                : o.autopilotConfiguration(options);
    }

    @Override
    public CompletableFuture<Boolean> setAutopilotConfiguration(AutopilotConfig config, long casIndex) {
        return apply(new AutopilotSetConfig(config, casIndex));
    }

    @Override
    public CompletableFuture<AutopilotHealth> autopilotHealth(QueryOptions options) {
        OperatorView o = operator;
        return o == null ? CompletableFuture.failedFuture(new NoClusterLeaderException()) : o.autopilotHealth(options);
    }

    /**
     * Leaves the Raft cluster gracefully; the agent calls it before it leaves gossip (Consul's
     * {@code Server.Leave}). See {@link ServerLeave}: a follower has the leader remove it, a leader hands
     * over leadership first, a lone server just stops. Afterwards this store answers "No cluster leader"
     * and neither forms nor joins a group again until restarted; {@link #close()} is still due.
     */
    public CompletableFuture<Void> leave() {
        ServerLeave l = serverLeave;
        if (l == null || closed) {
            return CompletableFuture.completedFuture(null);
        }
        discovery.close();
        autopilot.close();
        return l.leave();
    }

    /** The autopilot settings in the local replica, empty until the leader stored the defaults. */
    Optional<AutopilotConfig> storedAutopilotConfig() {
        StoreStateMachine f = machines == null ? null : machines.current();
        try {
            return f == null ? Optional.empty() : f.read(s -> new AutopilotTable(s).get());
        } catch (NoClusterLeaderException e) {
            return Optional.empty();
        }
    }

    /** Snapshot save and restore (/v1/snapshot): see {@link RaftSnapshots}. */
    @Override
    public CompletableFuture<Saved> save(QueryOptions options) {
        RaftSnapshots s = snapshots;
        return s == null ? CompletableFuture.failedFuture(new NoClusterLeaderException()) : s.save(options);
    }

    @Override
    public CompletableFuture<Void> restore(Path archive) {
        RaftSnapshots s = snapshots;
        return s == null ? CompletableFuture.failedFuture(new NoClusterLeaderException()) : s.restore(archive);
    }

    @Override
    public Path scratchDir() throws IOException {
        return snapshots.scratchDir();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RaftServer s = server;
        if (discovery != null) {
            discovery.close();
        }
        if (autopilot != null) {
            autopilot.close();
        }
        if (snapshots != null) {
            snapshots.close();
        }
        if (forwarder != null) {
            forwarder.close();
        }
        if (clientRpc != null) {
            clientRpc.close();
        }
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            log.warn("raft: close failed: {}", e.getMessage());
        } finally {
            blocking.close();
            threads.close();
            if (devDir != null) {
                devDir.delete();
            }
        }
    }
}
