package io.proconsul.serf.memberlist;

import io.proconsul.serf.memberlist.Message.Ack;
import io.proconsul.serf.memberlist.Message.IndirectPing;
import io.proconsul.serf.memberlist.Message.Nack;
import io.proconsul.serf.memberlist.Message.Ping;
import io.proconsul.serf.memberlist.Message.Suspect;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SWIM's failure detector (memberlist's {@code probe}/{@code probeNode}): each round probes the next node
 * with a UDP ping; without an ack within the probe timeout, asks {@code indirectChecks} others to ping it
 * and tries a TCP ping; without any ack by the end of the (health-scaled) probe interval, suspects it.
 * Lifeguard: the round's outcome and the nacks from indirect probers adjust the local health score.
 * Also answers other members' pings and indirect ping requests.
 *
 * <p>Confined to the gossip thread; never blocks it (waits are scheduled tasks).
 */
final class Prober {

    private static final Logger log = LoggerFactory.getLogger(Prober.class);

    /** Something waiting for an ack (and maybe nacks) with a given sequence number. */
    private record AckWaiter(Consumer<byte[]> onAck, Runnable onNack, ScheduledFuture<?> expiry) {}

    /** One probe round of one node. */
    private final class Round {
        final PeerNode node;
        final int seq;
        final long startNanos;
        final long deadlineNanos;
        int expectedNacks;
        int nacks;
        boolean tcpAcked;
        boolean done;

        Round(PeerNode node, int seq, long startNanos, Duration interval) {
            this.node = node;
            this.seq = seq;
            this.startNanos = startNanos;
            this.deadlineNanos = startNanos + interval.toNanos();
        }
    }

    private final MemberlistContext ctx;
    private final NodeTable table;
    private final Outbox outbox;
    private final Map<Integer, AckWaiter> waiters = new HashMap<>();
    private int seq;
    private boolean stopped;

    Prober(MemberlistContext ctx, NodeTable table, Outbox outbox) {
        this.ctx = ctx;
        this.table = table;
        this.outbox = outbox;
    }

    /** Starts the probe rounds. */
    void start() {
        ctx.schedule(this::probe, ctx.timing().probeInterval());
    }

    void stop() {
        stopped = true;
        waiters.values().forEach(w -> w.expiry().cancel(false));
        waiters.clear();
    }

    private void probe() {
        if (stopped) {
            return;
        }
        PeerNode target = table.nextProbeTarget();
        if (target == null) {
            ctx.schedule(this::probe, ctx.timing().probeInterval());
            return;
        }
        Duration interval = ctx.awareness().scale(ctx.timing().probeInterval());
        Round r = new Round(target, ++seq, ctx.nanoTime(), interval);
        expect(r.seq, payload -> acked(r, payload), () -> r.nacks++, interval);
        Ping ping = new Ping(r.seq, target.name);
        if (target.state == NodeState.ALIVE) {
            outbox.send(target.address, ping);
        } else {
            // A suspect gets the accusation with the ping, so it can refute at once.
            outbox.send(target.address, ping, new Suspect(target.incarnation, target.name, ctx.localName()));
        }
        ctx.schedule(() -> indirect(r), ctx.timing().probeTimeout());
    }

    private void acked(Round r, byte[] payload) {
        if (r.done) {
            return;
        }
        r.done = true;
        if (payload.length > 0) {
            // Only direct acks carry a payload, so this is a true round trip to the node itself.
            Duration rtt = Duration.ofNanos(ctx.nanoTime() - r.startNanos);
            ctx.delegate().notifyPingComplete(r.node.name, rtt, payload);
        }
        ctx.awareness().applyDelta(-1);
        next(r);
    }

    private void next(Round r) {
        long wait = r.startNanos + ctx.timing().probeInterval().toNanos() - ctx.nanoTime();
        ctx.schedule(this::probe, Duration.ofNanos(Math.max(0, wait)));
    }

    private void indirect(Round r) {
        if (r.done || stopped) {
            return;
        }
        List<PeerNode> helpers = table.randomNodes(ctx.timing().indirectChecks(),
                n -> n.state == NodeState.ALIVE && n != r.node && !n.name.equals(ctx.localName()));
        for (PeerNode helper : helpers) {
            r.expectedNacks++;
            outbox.send(helper.address, new IndirectPing(r.seq, r.node.name, r.node.host, r.node.port, true));
        }
        // TCP fallback: a member cut off from UDP but reachable over TCP is not declared dead (and so
        // cannot spread misinformation through push-pull while flapping).
        Duration left = Duration.ofNanos(Math.max(1_000_000, r.deadlineNanos - ctx.nanoTime()));
        outbox.tcpPing(r.node.address, new Ping(r.seq, r.node.name), left, () -> r.tcpAcked = true);
        ctx.schedule(() -> finish(r), left);
    }

    private void finish(Round r) {
        if (r.done || stopped) {
            return;
        }
        r.done = true;
        AckWaiter w = waiters.remove(r.seq);
        if (w != null) {
            w.expiry().cancel(false);
        }
        if (r.tcpAcked) {
            log.warn("memberlist: was able to connect to {} over TCP but UDP probes failed, network may be "
                    + "misconfigured", r.node.name);
            ctx.awareness().applyDelta(-1);
            next(r);
            return;
        }
        // Lifeguard: helpers that did not even nack suggest that our own link is the problem.
        ctx.awareness().applyDelta(r.expectedNacks > 0 ? Math.max(0, r.expectedNacks - r.nacks) : 1);
        log.info("memberlist: suspect {} has failed, no acks received", r.node.name);
        table.suspectNode(new Suspect(r.node.incarnation, r.node.name, ctx.localName()));
        next(r);
    }

    /** Answers a ping meant for us. */
    void onPing(Ping p, InetSocketAddress from) {
        if (!p.target().isEmpty() && !p.target().equals(ctx.localName())) {
            log.debug("memberlist: got ping for unexpected node '{}' from {}", p.target(), from);
            return;
        }
        outbox.send(from, new Ack(p.seq(), ctx.delegate().ackPayload()));
    }

    /** Probes {@code target} on behalf of {@code from}, relaying the ack, or a nack if asked and silent. */
    void onIndirectPing(IndirectPing req, InetSocketAddress from) {
        int local = ++seq;
        boolean[] answered = new boolean[1];
        expect(local, payload -> {
            answered[0] = true;
            outbox.send(from, new Ack(req.seq(), null));
        }, null, ctx.timing().probeTimeout());
        outbox.send(new InetSocketAddress(req.host(), req.port()), new Ping(local, req.target()));
        if (req.nack()) {
            ctx.schedule(() -> {
                if (!answered[0]) {
                    outbox.send(from, new Nack(req.seq()));
                }
            }, ctx.timing().probeTimeout());
        }
    }

    void onAck(Ack a) {
        AckWaiter w = waiters.remove(a.seq());
        if (w != null) {
            w.expiry().cancel(false);
            w.onAck().accept(a.payload());
        }
    }

    void onNack(Nack n) {
        AckWaiter w = waiters.get(n.seq());
        if (w != null && w.onNack() != null) {
            w.onNack().run();
        }
    }

    private void expect(int s, Consumer<byte[]> onAck, Runnable onNack, Duration timeout) {
        ScheduledFuture<?> expiry = ctx.schedule(() -> waiters.remove(s), timeout);
        waiters.put(s, new AckWaiter(onAck, onNack, expiry));
    }
}
