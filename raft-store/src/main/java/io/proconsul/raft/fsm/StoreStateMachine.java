package io.proconsul.raft.fsm;

import io.proconsul.core.store.NoClusterLeaderException;
import io.proconsul.raft.command.CommandCodec;
import io.proconsul.raft.command.LogCommand;
import io.proconsul.raft.command.QueryCodec;
import io.proconsul.raft.command.ResultCodec;
import io.proconsul.raft.snapshot.CheckpointSnapshots;
import io.proconsul.raft.state.StateStore;
import io.proconsul.raft.state.StateStoreClosedException;
import io.proconsul.raft.state.WriteTx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine: decodes each committed entry and hands it to the table it belongs to, inside
 * one {@link WriteTx} that also records the applied index. Apply is deterministic (no clock, randomness or
 * leader checks); an undecodable entry throws and Ratis stops the server.
 *
 * <p>Recovery: the state store may be ahead of the latest snapshot (it is flushed on close and on
 * checkpoints), so replayed entries at or below its applied index are skipped; if it is behind the latest
 * snapshot (lost, or a snapshot was installed) it is restored from that snapshot first.
 *
 * <p>One instance serves one Ratis division: once Ratis closed it, it is not reopened. A store whose server
 * enters the group again gets a fresh instance over the same state directory.
 *
 * <p>Threading: Ratis calls apply, snapshot and reinitialize on its single state machine updater thread.
 * {@link #state()} may be read from any thread.
 */
public final class StoreStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(StoreStateMachine.class);

    private final Path stateDir;
    private final CheckpointSnapshots snapshots = new CheckpointSnapshots();
    private final Consumer<WriteTx.Changes> onCommit;
    private final Consumer<LeaderNotice> onLeader;
    private final Runnable onRemoved;
    private final AppliedWaiters appliedWaiters = new AppliedWaiters();
    private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
    private volatile StateStore state;
    private volatile long stateAppliedAtStart;
    private volatile Function<byte[], CompletableFuture<byte[]>> remoteReads;
    private volatile UnaryOperator<ByteString> preApply = data -> null;

    /** A leader change as Ratis reports it; {@code leader} is null while there is none. */
    public record LeaderNotice(RaftPeerId leader, boolean self) {}

    /**
     * @param stateDir where the RocksDB state lives; created if missing
     * @param onCommit told of every applied write, on the apply thread (must hand off at once)
     * @param onLeader told of leader changes, on a Ratis thread (must hand off at once)
     */
    public StoreStateMachine(Path stateDir, Consumer<WriteTx.Changes> onCommit, Consumer<LeaderNotice> onLeader) {
        this(stateDir, onCommit, onLeader, () -> { });
    }

    /**
     * @param onRemoved told, on a Ratis thread (must hand off at once), that Ratis shut this server's
     *     division down because the leader no longer has this server in the configuration: see
     *     {@link #notifyServerShutdown(RoleInfoProto, boolean)}
     */
    public StoreStateMachine(Path stateDir, Consumer<WriteTx.Changes> onCommit, Consumer<LeaderNotice> onLeader,
            Runnable onRemoved) {
        this.stateDir = stateDir;
        this.onCommit = onCommit;
        this.onLeader = onLeader;
        this.onRemoved = onRemoved;
    }

    /** The state store, or null before Ratis has initialised this state machine. */
    public StateStore state() {
        return state;
    }

    /**
     * Runs a read against the current state store; waits while a snapshot restore swaps it. Throws
     * {@link NoClusterLeaderException} before the state machine is initialised and once it is closed.
     */
    public <T> T read(Function<StateStore, T> reader) {
        swap.readLock().lock();
        try {
            StateStore s = state;
            if (s == null) {
                throw new NoClusterLeaderException();
            }
            return reader.apply(s);
        } catch (StateStoreClosedException e) {
            // Shutting down: to a caller this server is simply gone, as Consul's closed RPC connection is.
            throw new NoClusterLeaderException();
        } finally {
            swap.readLock().unlock();
        }
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        snapshots.init(storage);
        // RUNNING matters: Ratis pauses only a running state machine before installing a snapshot.
        getLifeCycle().startAndTransition(this::openState, IOException.class);
    }

    /** Before Ratis installs a snapshot sent by the leader (and reloads us through {@link #reinitialize}). */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** After Ratis installed a snapshot from the leader: reopen the state from it. */
    @Override
    public void reinitialize() throws IOException {
        swap.writeLock().lock();
        try {
            StateStore old = state;
            if (old != null) {
                old.close();
            }
            snapshots.reload();
            openState();
        } finally {
            swap.writeLock().unlock();
        }
        // Reads waiting for an index the snapshot covers (a follower's own writes, a ReadIndex) may go now.
        long installed = currentApplied();
        if (installed > 0) {
            appliedWaiters.advance(installed);
        }
        // Like Consul's abandoned state store: everything may have changed, so every watch fires.
        onCommit.accept(WriteTx.Changes.everything(stateAppliedAtStart));
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void openState() throws IOException {
        StateStore store = new StateStore(stateDir);
        SnapshotInfo snap = snapshots.getLatestSnapshot();
        if (snap != null && store.appliedIndex() < snap.getIndex()) {
            store.close();
            snapshots.restore(stateDir);
            store = new StateStore(stateDir);
        }
        store.onCommit(onCommit);
        stateAppliedAtStart = store.appliedIndex();
        if (snap != null) {
            setLastAppliedTermIndex(snap.getTermIndex());
        }
        state = store;
        log.debug("state at applied index {}, snapshot {}", stateAppliedAtStart, snap);
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return snapshots;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return snapshots.getLatestSnapshot();
    }

    /**
     * Checks each write this server accepts as leader before it is replicated (Consul's preApply steps,
     * such as the lock-delay check of kvsPreApply): {@code check} gets the encoded command and returns null
     * to replicate it as is, or other log data to replicate instead. Runs on Ratis's request threads; must
     * be quick and must not block.
     */
    public void preApplyWrites(UnaryOperator<ByteString> check) {
        this.preApply = check;
    }

    /** Leader only, for every write it accepts (its own, followers' and client agents'): see {@link #preApplyWrites}. */
    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString replacement = preApply.apply(request.getMessage().getContent());
        TransactionContext.Builder trx = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request);
        if (replacement != null) {
            trx.setLogData(replacement);
        }
        return trx.build();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        StateStore store = state;
        if (index > stateAppliedAtStart) {
            LogCommand command = CommandCodec.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
            Object result;
            try (WriteTx tx = store.begin(entry.getTerm(), index)) {
                result = CommandDispatch.apply(store, tx, command);
                store.commit(tx);
            }
            updateLastAppliedTermIndex(entry.getTerm(), index);
            return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(ResultCodec.encode(result))));
        }
        // Replayed after a restart: the state already holds this entry.
        updateLastAppliedTermIndex(entry.getTerm(), index);
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        // Configuration and leader no-op entries: only move forward (replay may revisit older ones).
        if (getLastAppliedTermIndex() == null || index > getLastAppliedTermIndex().getIndex()) {
            updateLastAppliedTermIndex(term, index);
        }
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
        onLeader.accept(new LeaderNotice(newLeaderId, member.getPeerId().equals(newLeaderId)));
    }

    /**
     * Ratis calls this with {@code allServer} false only when a vote request was answered "shut down": the
     * leader has a committed configuration without this server (autopilot removed it while it was away) and
     * this server's log is behind it. Ratis has closed the division (and this state machine) by then, and
     * never reopens it; the store decides whether to enter the group again. With {@code allServer} true the
     * whole server is stopping.
     */
    @Override
    public void notifyServerShutdown(RoleInfoProto roleInfo, boolean allServer) {
        if (!allServer) {
            log.info("raft: the leader no longer has this server in the configuration; division closed");
            onRemoved.run();
        }
    }

    @Override
    public long takeSnapshot() throws IOException {
        TermIndex at = getLastAppliedTermIndex();
        StateStore store = state;
        // While replaying entries the state already holds, the state is ahead of the applied index.
        if (at == null || store == null || at.getIndex() < stateAppliedAtStart || at.getIndex() <= 0) {
            return -1;
        }
        SnapshotInfo existing = snapshots.getLatestSnapshot();
        if (existing != null && existing.getIndex() >= at.getIndex()) {
            return existing.getIndex();
        }
        return snapshots.take(store, at).getIndex();
    }

    /**
     * Local reads run against the state store directly; an empty query through Ratis is only the ReadIndex
     * barrier of a consistent read. It answers with this server's applied index, so that a follower that
     * asked the leader can wait until it has applied as much before reading locally. A non-empty query is
     * a request another server sent over the Raft port as a Ratis stale read, never answered from this state
     * machine itself but by the handler given to {@link #serveRemoteReads}: a follower asking the leader what
     * only the leader knows (its autopilot health, the server health {@code operator autopilot state} shows,
     * see {@code OperatorView.autopilotHealth}), or a read of a client agent of an older build (client agents
     * now send their reads to the client RPC listener).
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        if (!request.getContent().isEmpty()) {
            // A follower's request for the leader, or an older client agent's read: see RemoteReads.
            Function<byte[], CompletableFuture<byte[]>> remote = remoteReads;
            CompletableFuture<byte[]> answer = remote == null
                    ? CompletableFuture.completedFuture(QueryCodec.encodeNoLeader())
                    : remote.apply(request.getContent().toByteArray());
            return answer.thenApply(b -> Message.valueOf(ByteString.copyFrom(b)));
        }
        TermIndex applied = getLastAppliedTermIndex();
        long index = applied == null ? 0 : applied.getIndex();
        return CompletableFuture.completedFuture(Message.valueOf(
                ByteString.copyFrom(ByteBuffer.allocate(8).putLong(index).array())));
    }

    /**
     * Serves the non-empty queries ({@link #query}) from now on: {@code handler} answers an encoded
     * {@link QueryCodec} or operator request without blocking and promptly (Ratis's Netty transport waits
     * for the answer on its event loop). Until set, such requests are told "No cluster leader".
     */
    public void serveRemoteReads(Function<byte[], CompletableFuture<byte[]>> handler) {
        this.remoteReads = handler;
    }

    /** Completes once this state machine has applied {@code index} (at once if it already has). */
    public CompletableFuture<Void> awaitApplied(long index) {
        return appliedWaiters.await(index, currentApplied());
    }

    private long currentApplied() {
        TermIndex applied = getLastAppliedTermIndex();
        return applied == null ? -1 : applied.getIndex();
    }

    @Override
    protected boolean updateLastAppliedTermIndex(long term, long index) {
        boolean updated = super.updateLastAppliedTermIndex(term, index);
        appliedWaiters.advance(index);
        return updated;
    }

    @Override
    public void close() throws IOException {
        StateStore store = state;
        if (store != null) {
            store.close();
        }
        super.close();
    }
}
