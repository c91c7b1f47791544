package io.proconsul.raft;

import io.proconsul.core.event.EventBus;
import io.proconsul.core.event.LeaderChanged;
import io.proconsul.core.event.TablesChanged;
import io.proconsul.raft.command.CommandCodec;
import io.proconsul.raft.command.LogCommand;
import io.proconsul.raft.fsm.StoreStateMachine;
import io.proconsul.raft.state.StateStore;
import io.proconsul.raft.state.StateStoreClosedException;
import io.proconsul.raft.state.WriteTx;
import io.proconsul.raft.watch.BlockingQueries;
import io.proconsul.raft.watch.KeyWatches;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link RaftStore} does when its state machine reports an applied entry or a leader change: session
 * TTL timers and lock delays, blocking-query watches, the tombstone reaper (leader only), and the
 * {@link TablesChanged} and {@link LeaderChanged} events on the bus.
 *
 * <p>Threading: {@link #committed} runs on the apply thread and only hands work on; {@link #leaderChanged}
 * is called on a Ratis thread and does its work on the store's executor. The components it reads through
 * suppliers are wired by {@link RaftStore#start()} and may still be null while it starts.
 */
final class CommitListener {

    private static final Logger log = LoggerFactory.getLogger(CommitListener.class);

    private final EventBus bus;
    private final Executor executor;
    private final ServerSessions sessions;
    private final KeyWatches watches;
    private final BlockingQueries blocking;
    private final TombstoneReaper reaper;
    private final Supplier<RaftView> raft;
    private final Supplier<RaftSettings> settings;
    private final Supplier<StateMachines> machines;
    private final Supplier<LocalSubmitter> submitter;
    private final Supplier<ServerDiscovery> discovery;

    CommitListener(EventBus bus, Executor executor, ScheduledExecutorService scheduler, Tuning tuning,
            ServerSessions sessions, KeyWatches watches, BlockingQueries blocking, Supplier<RaftView> raft,
            Supplier<RaftSettings> settings, Supplier<StateMachines> machines, Supplier<LocalSubmitter> submitter,
            Supplier<ServerDiscovery> discovery) {
        this.bus = bus;
        this.executor = executor;
        this.sessions = sessions;
        this.watches = watches;
        this.blocking = blocking;
        this.raft = raft;
        this.settings = settings;
        this.machines = machines;
        this.submitter = submitter;
        this.discovery = discovery;
        this.reaper = new TombstoneReaper(
                tuning.tombstoneTtl(), tuning.tombstoneGranularity(), scheduler, this::reapTombstones);
    }

    /** Apply thread: hand the wake-ups to the executor and tell the bus; nothing else. */
    void committed(WriteTx.Changes changes) {
        sessions.committed(changes);
        if (changes.tables().isEmpty()) {
            return; // a session renew: timers only
        }
        if (changes.isEverything()) {
            blocking.abandon();
        }
        watches.fire(changes);
        if (changes.tables().contains("tombstones")) {
            reaper.hint(changes.index());
        }
        bus.publish(new TablesChanged(changes.tables(), changes.index()));
    }

    void leaderChanged(StoreStateMachine.LeaderNotice notice) {
        executor.execute(() -> {
            RaftView r = raft.get();
            Optional<String> leader = notice.leader() == null ? Optional.empty()
                    : notice.self() ? Optional.of(settings.get().self().getAddress())
                    : r.leader().map(RaftPeer::getAddress);
            long term = r == null ? 0 : r.division().map(d -> d.getInfo().getCurrentTerm()).orElse(0L);
            // The state's applied index also covers entries a restart skipped instead of replaying.
            reaper.setEnabled(notice.self(), stateAppliedIndex());
            sessions.leaderChanged(notice.self(), machines.get().current());
            ServerDiscovery d = discovery.get();
            if (notice.self() && d != null) {
                d.leadershipGained();
            }
            bus.publish(new LeaderChanged(leader, notice.self(), term));
        });
    }

    private long stateAppliedIndex() {
        StateMachines m = machines.get();
        StateStore state = m == null ? null : m.current().state();
        try {
            // Tombstones carry indexes in the X-Consul-Index space: the Raft index plus a restore's offset.
            return state == null ? 0 : state.stateIndex();
        } catch (StateStoreClosedException e) {
            return 0;
        }
    }

    /** Leader only: commits a reap of tombstones up to {@code index}; a failure waits for the next hint. */
    private void reapTombstones(long index) {
        LocalSubmitter s = submitter.get();
        if (s != null) {
            s.write(CommandCodec.encode(new LogCommand.ReapTombstones(index))).exceptionally(e -> {
                log.warn("raft: reaping tombstones up to {} failed: {}", index, e.getMessage());
                return null;
            });
        }
    }
}
