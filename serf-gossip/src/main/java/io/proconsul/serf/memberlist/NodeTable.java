package io.proconsul.serf.memberlist;

import io.proconsul.serf.memberlist.Message.Alive;
import io.proconsul.serf.memberlist.Message.Dead;
import io.proconsul.serf.memberlist.Message.Suspect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memberlist's view of every node and the SWIM state machine over it (memberlist's {@code state.go}):
 * alive, suspect and dead messages are applied by incarnation number, news is re-broadcast, suspicions
 * get a Lifeguard timer, and accusations about the local node are refuted with a higher incarnation.
 * Also keeps the probe order: a shuffled list with new nodes inserted at random positions.
 *
 * <p>Confined to the gossip thread.
 */
final class NodeTable {

    private static final Logger log = LoggerFactory.getLogger(NodeTable.class);

    private final MemberlistContext ctx;
    private final Map<String, PeerNode> byName = new HashMap<>();
    private final List<PeerNode> probeOrder = new ArrayList<>();
    private final SuspicionTimers timers;
    private int probeIndex;
    private long incarnation;
    private boolean leaving;

    NodeTable(MemberlistContext ctx) {
        this.ctx = ctx;
        this.timers = new SuspicionTimers(ctx, this::suspicionExpired);
    }

    PeerNode get(String name) {
        return byName.get(name);
    }

    PeerNode local() {
        return byName.get(ctx.localName());
    }

    /** memberlist's {@code estNumNodes}: every node still listed, dead ones not yet removed included. */
    int size() {
        return probeOrder.size();
    }

    List<NodeInfo> infos() {
        List<NodeInfo> out = new ArrayList<>(probeOrder.size());
        for (PeerNode n : probeOrder) {
            out.add(n.info());
        }
        return out;
    }

    long nextIncarnation() {
        return ++incarnation;
    }

    void markLeaving() {
        leaving = true;
    }

    boolean leaving() {
        return leaving;
    }

    boolean anyOtherAlive() {
        return probeOrder.stream().anyMatch(n -> !n.state.deadOrLeft() && !n.name.equals(ctx.localName()));
    }

    /**
     * The next node to probe in round-robin order, skipping ourselves and the dead; at the end of a round
     * the long-dead are forgotten and the order is reshuffled. Null when there is nobody to probe.
     */
    PeerNode nextProbeTarget() {
        for (int checked = 0; checked <= probeOrder.size(); checked++) {
            if (probeIndex >= probeOrder.size()) {
                resetProbeOrder();
                probeIndex = 0;
            }
            if (probeOrder.isEmpty()) {
                return null;
            }
            PeerNode n = probeOrder.get(probeIndex++);
            if (!n.name.equals(ctx.localName()) && !n.state.deadOrLeft()) {
                return n;
            }
        }
        return null;
    }

    private void resetProbeOrder() {
        long now = ctx.nanoTime();
        long keep = ctx.timing().gossipToTheDeadTime().toNanos();
        probeOrder.removeIf(n -> {
            boolean gone = n.state.deadOrLeft() && now - n.stateChangeNanos > keep;
            if (gone) {
                byName.remove(n.name);
            }
            return gone;
        });
        Collections.shuffle(probeOrder, ThreadLocalRandom.current());
    }

    /** Up to {@code k} distinct random nodes that {@code accept} admits. */
    List<PeerNode> randomNodes(int k, Predicate<PeerNode> accept) {
        List<PeerNode> candidates = new ArrayList<>();
        for (PeerNode n : probeOrder) {
            if (accept.test(n)) {
                candidates.add(n);
            }
        }
        Collections.shuffle(candidates, ThreadLocalRandom.current());
        return candidates.subList(0, Math.min(k, candidates.size()));
    }

    /** Applies an alive message. {@code bootstrap} is true for our own announcements (start, tag updates). */
    void aliveNode(Alive a, Runnable notify, boolean bootstrap) {
        boolean isLocal = a.node().equals(ctx.localName());
        if (leaving && isLocal) {
            return;
        }
        NodeInfo candidate = new NodeInfo(a.node(), a.host(), a.port(), a.meta(), a.incarnation(),
                NodeState.ALIVE, a.protocol());
        String refusal = isLocal ? null : ctx.delegate().refuseAlive(candidate);
        if (refusal != null) {
            log.warn("memberlist: ignoring alive message for '{}': {}", a.node(), refusal);
            return;
        }
        PeerNode state = byName.get(a.node());
        boolean movesAddress = false;
        if (state == null) {
            state = add(a);
        } else if (!state.sameAddress(a.host(), a.port())) {
            if (state.state == NodeState.LEFT || (state.state == NodeState.DEAD && !isLocal)) {
                movesAddress = true;
            } else {
                log.error("memberlist: conflicting address for {}: mine {}:{}, theirs {}:{}", a.node(),
                        state.host, state.port, a.host(), a.port());
                return;
            }
        }
        if (!acceptIncarnation(a, state, isLocal, movesAddress)) {
            return;
        }
        timers.cancel(a.node());
        applyAlive(a, state, notify, isLocal && !bootstrap);
    }

    private boolean acceptIncarnation(Alive a, PeerNode state, boolean isLocal, boolean movesAddress) {
        if (isLocal) {
            return a.incarnation() >= state.incarnation;
        }
        return a.incarnation() > state.incarnation || movesAddress;
    }

    private void applyAlive(Alive a, PeerNode state, Runnable notify, boolean mustRefute) {
        NodeState oldState = state.state;
        byte[] oldMeta = state.meta;
        if (mustRefute) {
            if (a.incarnation() == state.incarnation && Arrays.equals(a.meta(), state.meta)
                    && Arrays.equals(a.protocol(), state.protocol)) {
                return;
            }
            refute(state, a.incarnation());
            log.warn("memberlist: refuting an alive message for '{}'", a.node());
        } else {
            ctx.broadcast(a.node(), a, notify);
            state.incarnation = a.incarnation();
            state.meta = a.meta();
            state.protocol = a.protocol();
            if (!state.sameAddress(a.host(), a.port())) {
                state.moveTo(a.host(), a.port());
            }
            if (state.state != NodeState.ALIVE) {
                state.state = NodeState.ALIVE;
                state.stateChangeNanos = ctx.nanoTime();
            }
        }
        if (oldState.deadOrLeft()) {
            ctx.delegate().notifyJoin(state.info());
        } else if (!Arrays.equals(oldMeta, state.meta)) {
            ctx.delegate().notifyUpdate(state.info());
        }
    }

    private PeerNode add(Alive a) {
        PeerNode n = new PeerNode(a.node(), a.host(), a.port(), a.meta(), a.protocol(), ctx.nanoTime());
        byName.put(n.name, n);
        // A random position keeps the expected detection time low: appending everywhere would make
        // every member probe a newcomer last.
        int offset = probeOrder.isEmpty() ? 0 : ThreadLocalRandom.current().nextInt(probeOrder.size() + 1);
        probeOrder.add(offset, n);
        if (offset < probeIndex) {
            probeIndex++;
        }
        return n;
    }

    /** Applies a suspect message: confirms a running suspicion, or starts one. */
    void suspectNode(Suspect s) {
        PeerNode state = byName.get(s.node());
        if (state == null || s.incarnation() < state.incarnation) {
            return;
        }
        if (timers.running(s.node())) {
            if (timers.confirm(s.node(), s.from())) {
                ctx.broadcast(s.node(), s, null);
            }
            return;
        }
        if (state.state != NodeState.ALIVE) {
            return;
        }
        if (state.name.equals(ctx.localName())) {
            refute(state, s.incarnation());
            log.warn("memberlist: refuting a suspect message (from: {})", s.from());
            return;
        }
        ctx.broadcast(s.node(), s, null);
        state.incarnation = s.incarnation();
        state.state = NodeState.SUSPECT;
        state.stateChangeNanos = ctx.nanoTime();
        startSuspicion(state, s.from());
    }

    private void startSuspicion(PeerNode state, String from) {
        // Lifeguard: aim to reach the minimum timeout two probe intervals short of what the multiplier
        // predicts, and expect no confirmations where too few members exist to give them.
        int k = ctx.timing().suspicionMult() - 2;
        int n = size();
        if (n - 2 < k) {
            k = 0;
        }
        Duration min = ctx.timing().suspicionTimeout(n);
        Duration max = min.multipliedBy(ctx.timing().suspicionMaxTimeoutMult());
        timers.start(state.name, state.stateChangeNanos, from, k, min, max);
    }

    private void suspicionExpired(String node, long stamp, int confirmations) {
        PeerNode state = byName.get(node);
        if (state == null || state.state != NodeState.SUSPECT || state.stateChangeNanos != stamp) {
            return;
        }
        log.info("memberlist: marking {} as failed, suspect timeout reached ({} peer confirmations)", node,
                confirmations);
        deadNode(new Dead(state.incarnation, node, ctx.localName()), null);
    }

    /** Applies a dead message; about ourselves it is refuted unless we are leaving. */
    void deadNode(Dead d, Runnable notify) {
        PeerNode state = byName.get(d.node());
        if (state == null || d.incarnation() < state.incarnation) {
            return;
        }
        timers.cancel(d.node());
        if (state.state.deadOrLeft()) {
            return;
        }
        if (state.name.equals(ctx.localName())) {
            if (!leaving) {
                refute(state, d.incarnation());
                log.warn("memberlist: refuting a dead message (from: {})", d.from());
                return;
            }
        }
        ctx.broadcast(d.node(), d, notify);
        state.incarnation = d.incarnation();
        state.state = d.node().equals(d.from()) ? NodeState.LEFT : NodeState.DEAD;
        state.stateChangeNanos = ctx.nanoTime();
        ctx.delegate().notifyLeave(state.info());
    }

    /** Merges a remote push-pull state; a remote's dead verdict only makes us suspect, as memberlist does. */
    void merge(List<NodeInfo> remote) {
        for (NodeInfo r : remote) {
            switch (r.state()) {
                case ALIVE -> aliveNode(new Alive(r.incarnation(), r.name(), r.host(), r.port(), r.meta(),
                        r.protocol()), null, false);
                case LEFT -> deadNode(new Dead(r.incarnation(), r.name(), r.name()), null);
                case DEAD, SUSPECT -> suspectNode(new Suspect(r.incarnation(), r.name(), ctx.localName()));
            }
        }
    }

    private void refute(PeerNode me, long accusedIncarnation) {
        long inc = nextIncarnation();
        if (accusedIncarnation >= inc) {
            incarnation = accusedIncarnation + 1;
            inc = incarnation;
        }
        me.incarnation = inc;
        // Being accused is a sign that we may be the slow one: lower our own health.
        ctx.awareness().applyDelta(1);
        ctx.broadcast(me.name, new Alive(inc, me.name, me.host, me.port, me.meta, me.protocol), null);
    }

    void stop() {
        timers.cancelAll();
    }
}
