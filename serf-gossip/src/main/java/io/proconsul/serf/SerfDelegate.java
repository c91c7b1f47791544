package io.proconsul.serf;

import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.SerfMessage.JoinIntent;
import io.proconsul.serf.SerfMessage.LeaveIntent;
import io.proconsul.serf.SerfMessage.PushPullState;
import io.proconsul.serf.SerfMessage.UserEventMessage;
import io.proconsul.serf.memberlist.MalformedPacketException;
import io.proconsul.serf.memberlist.MemberlistDelegate;
import io.proconsul.serf.memberlist.NodeInfo;
import io.proconsul.serf.memberlist.NodeState;
import io.proconsul.serf.memberlist.TransmitLimitedQueue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serf layer as memberlist sees it (serf's {@code delegate.go}, {@code event_delegate.go} and
 * {@code merge_delegate.go}): membership verdicts go to the {@link MemberTable}, intents are applied and
 * re-broadcast when new, the push-pull state carries the Lamport clocks and status times, and the
 * {@link MergeGuard} decides which members are admitted. Called on the gossip thread only.
 */
final class SerfDelegate implements MemberlistDelegate {

    private static final Logger log = LoggerFactory.getLogger(SerfDelegate.class);

    /** What the delegate needs from its pool. */
    interface Pool {
        Map<String, String> localTags();

        /** Whether this member is alive (not leaving or left): old leave intents about it are refuted. */
        boolean aliveState();

        void refuteLeave();

        /** Erases a member after the leave had time to spread (a prune of a leaving member). */
        void pruneLater(String node);
    }

    private final Pool pool;
    private final MemberTable table;
    private final MergeGuard guard;
    private final TransmitLimitedQueue intents;
    private final LamportClock clock;
    private final LamportClock eventClock;
    private final LamportClock queryClock;
    private final PoolCoordinates coordinates;
    private final UserEventRelay events;
    private final AtomicLong malformed = new AtomicLong();

    SerfDelegate(Pool pool, MemberTable table, MergeGuard guard, TransmitLimitedQueue intents, LamportClock clock,
            LamportClock eventClock, LamportClock queryClock, PoolCoordinates coordinates, UserEventRelay events) {
        this.pool = pool;
        this.events = events;
        this.coordinates = coordinates;
        this.table = table;
        this.guard = guard;
        this.intents = intents;
        this.clock = clock;
        this.eventClock = eventClock;
        this.queryClock = queryClock;
    }

    /** Serf messages that did not decode. */
    long malformed() {
        return malformed.get();
    }

    @Override
    public byte[] localMeta(int limit) {
        return TagCodec.encode(pool.localTags());
    }

    @Override
    public void notifyJoin(NodeInfo node) {
        table.handleJoin(node);
    }

    @Override
    public void notifyLeave(NodeInfo node) {
        table.handleLeave(node);
    }

    @Override
    public void notifyUpdate(NodeInfo node) {
        table.handleUpdate(node);
    }

    @Override
    public String refuseAlive(NodeInfo node) {
        return guard.refusal(List.of(MemberTable.toMember(node, MemberStatus.ALIVE)));
    }

    @Override
    public String refuseMerge(List<NodeInfo> nodes) {
        return guard.refusal(nodes.stream().map(n -> MemberTable.toMember(n,
                n.state() == NodeState.LEFT ? MemberStatus.LEFT : MemberStatus.ALIVE)).toList());
    }

    @Override
    public void notifyMessage(byte[] payload) {
        SerfMessage m;
        try {
            m = SerfMessage.decode(payload);
        } catch (MalformedPacketException e) {
            malformed.incrementAndGet();
            log.debug("serf: dropped a malformed message: {}", e.getMessage());
            return;
        }
        boolean rebroadcast = false;
        if (m instanceof JoinIntent j) {
            rebroadcast = table.joinIntent(j);
        } else if (m instanceof LeaveIntent l) {
            rebroadcast = table.leaveIntent(l, pool.aliveState(), pool::refuteLeave, () -> pool.pruneLater(l.node()));
        } else if (m instanceof UserEventMessage e) {
            events.gossiped(e, payload);
        } else {
            malformed.incrementAndGet();
        }
        if (rebroadcast) {
            intents.queue(null, payload, null);
        }
    }

    @Override
    public List<byte[]> broadcasts(int overhead, int limit) {
        // As serf: intents first, user events in the room left.
        List<byte[]> out = intents.take(overhead, limit);
        int used = 0;
        for (byte[] b : out) {
            used += overhead + b.length;
        }
        List<byte[]> more = events.take(overhead, limit - used);
        if (more.isEmpty()) {
            return out;
        }
        List<byte[]> all = new java.util.ArrayList<>(out);
        all.addAll(more);
        return all;
    }

    @Override
    public byte[] ackPayload() {
        return coordinates.ackPayload();
    }

    @Override
    public void notifyPingComplete(String node, java.time.Duration rtt, byte[] payload) {
        coordinates.pingComplete(node, rtt, payload);
    }

    @Override
    public byte[] localState(boolean join) {
        return SerfMessage.encode(new PushPullState(clock.time(), table.statusLTimes(), table.leftNames(),
                eventClock.time(), queryClock.time(), events.recent()));
    }

    @Override
    public void mergeRemoteState(byte[] state, boolean join) {
        SerfMessage m;
        try {
            m = SerfMessage.decode(state);
        } catch (MalformedPacketException e) {
            malformed.incrementAndGet();
            return;
        }
        if (!(m instanceof PushPullState pp)) {
            malformed.incrementAndGet();
            return;
        }
        // No message was sent at the remote's current time yet: witness one less.
        if (pp.ltime() > 0) {
            clock.witness(pp.ltime() - 1);
        }
        events.merge(pp, join);
        if (pp.queryLTime() > 0) {
            queryClock.witness(pp.queryLTime() - 1);
        }
        // Left members first, so that their leave times are not overtaken by artificial joins.
        for (String name : pp.left()) {
            long t = pp.statusLTimes().getOrDefault(name, 0L);
            table.leaveIntent(new LeaveIntent(t, name, false), pool.aliveState(), pool::refuteLeave,
                    () -> pool.pruneLater(name));
        }
        java.util.Set<String> left = java.util.Set.copyOf(pp.left());
        pp.statusLTimes().forEach((name, t) -> {
            if (!left.contains(name)) {
                table.joinIntent(new JoinIntent(t, name));
            }
        });
    }
}
