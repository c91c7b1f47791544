package io.proconsul.serf.memberlist;

import io.proconsul.serf.memberlist.Message.Ack;
import io.proconsul.serf.memberlist.Message.Alive;
import io.proconsul.serf.memberlist.Message.Compound;
import io.proconsul.serf.memberlist.Message.Dead;
import io.proconsul.serf.memberlist.Message.IndirectPing;
import io.proconsul.serf.memberlist.Message.Nack;
import io.proconsul.serf.memberlist.Message.Ping;
import io.proconsul.serf.memberlist.Message.PushPull;
import io.proconsul.serf.memberlist.Message.Suspect;
import io.proconsul.serf.memberlist.Message.User;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SWIM membership with Lifeguard, after hashicorp/memberlist: failure detection by probing
 * ({@link Prober}), dissemination by piggybacked gossip ({@link Outbox}, {@link TransmitLimitedQueue}),
 * the state machine ({@link NodeTable}) and anti-entropy by TCP push-pull ({@link StateSync}).
 *
 * <p>Threading: all state lives on one gossip thread, the single-threaded {@code gossipThread} given to
 * the constructor (the caller owns it, and may run its own work on it: the delegate is called there too).
 * Public methods may be called from any thread; they hand work to that thread and return futures.
 * Packets are decoded on transport threads; a packet that does not decode is counted and dropped.
 */
public final class Memberlist implements MemberlistContext, Transport.Receiver {

    private static final Logger log = LoggerFactory.getLogger(Memberlist.class);
    /** memberlist's {@code MetaMaxSize}. */
    public static final int META_MAX_SIZE = 512;

    private final String name;
    private final String advertiseHost;
    private final int advertisePortWanted;
    private final GossipTiming timing;
    private final Transport transport;
    private final MemberlistDelegate delegate;
    private final ScheduledExecutorService gossipThread;
    private final byte[] protocol;
    private final PacketCounters counters = new PacketCounters();
    private final Awareness awareness;
    private final TransmitLimitedQueue queue;
    private final NodeTable table;
    private final Outbox outbox;
    private final Prober prober;
    private final StateSync sync;
    private volatile InetSocketAddress bound;
    private volatile int advertisePort;
    private volatile int numNodes = 1;
    private volatile boolean stopped;
    private volatile Thread gossipThreadRef;

    /**
     * @param advertisePort the port others are told to use; 0 means the bound port
     * @param protocol the six protocol version bytes advertised (memberlist's and the delegate's)
     */
    public Memberlist(String name, String advertiseHost, int advertisePort, GossipTiming timing,
            Transport transport, MemberlistDelegate delegate, ScheduledExecutorService gossipThread,
            byte[] protocol) {
        this.name = name;
        this.advertiseHost = advertiseHost;
        this.advertisePortWanted = advertisePort;
        this.timing = timing;
        this.transport = transport;
        this.delegate = delegate;
        this.gossipThread = gossipThread;
        this.protocol = protocol.clone();
        this.awareness = new Awareness(timing.awarenessMaxMultiplier());
        this.queue = new TransmitLimitedQueue(timing.retransmitMult(), () -> numNodes);
        this.table = new NodeTable(this);
        this.outbox = new Outbox(transport, queue, delegate, counters, gossipThread);
        this.prober = new Prober(this, table, outbox);
        this.sync = new StateSync(this, table, transport, counters);
    }

    /** Binds the transport, announces the local node and starts probing, gossip and push-pull. */
    public void start() throws Exception {
        bound = transport.start(this);
        advertisePort = advertisePortWanted == 0 ? bound.getPort() : advertisePortWanted;
        try {
            gossipThread.submit(() -> {
                gossipThreadRef = Thread.currentThread();
                table.aliveNode(localAlive(table.nextIncarnation()), null, true);
                numNodes = table.size();
                prober.start();
                schedule(this::gossip, timing.gossipInterval());
                schedule(this::pushPull, timing.pushPullInterval());
            }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("memberlist start failed", e.getCause());
        }
    }

    private Alive localAlive(long incarnation) {
        return new Alive(incarnation, name, advertiseHost, advertisePort, delegate.localMeta(META_MAX_SIZE),
                protocol);
    }

    /** The address the transport is bound to (its port is the real one when 0 was asked for). */
    public InetSocketAddress boundAddress() {
        return bound;
    }

    public int advertisePort() {
        return advertisePort;
    }

    public PacketCounters counters() {
        return counters;
    }

    /** Lifeguard's health score: 0 is healthy. */
    public int healthScore() {
        return awareness.score();
    }

    /** How many nodes memberlist lists, the dead not yet forgotten included. */
    public int numNodes() {
        return numNodes;
    }

    /**
     * Push-pulls with every address; completes with how many succeeded, or exceptionally with a
     * {@link JoinFailure} listing every error if none did. Addresses are {@code host[:port]}.
     */
    public CompletableFuture<Integer> join(List<String> addresses, int defaultPort) {
        return sync.join(addresses, defaultPort);
    }

    /** Announces a new incarnation with fresh metadata; completes once it was gossiped (or timed out). */
    public CompletableFuture<Void> updateMeta(Duration timeout) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        execute(() -> {
            table.aliveNode(localAlive(table.nextIncarnation()), () -> sent.complete(null), true);
            if (!table.anyOtherAlive()) {
                sent.complete(null);
            }
        });
        return sent.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Announces our own death (a graceful leave) and completes once the news was gossiped, or after
     * {@code timeout}. Keeps answering probes until {@link #shutdown()}.
     */
    public CompletableFuture<Void> leave(Duration timeout) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        execute(() -> {
            table.markLeaving();
            PeerNode me = table.local();
            if (me == null || !table.anyOtherAlive()) {
                sent.complete(null);
                return;
            }
            table.deadNode(new Dead(me.incarnation, name, name), () -> sent.complete(null));
        });
        return sent.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a broadcast of the layer above to one node directly (not gossiped). */
    public void sendUser(InetSocketAddress to, byte[] payload) {
        execute(() -> outbox.send(to, new User(payload)));
    }

    /** Stops probing and gossip and unbinds; idempotent. Does not shut the gossip thread down. */
    public void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        Runnable stopTimers = () -> {
            prober.stop();
            table.stop();
        };
        if (Thread.currentThread() == gossipThreadRef) {
            stopTimers.run();
        } else {
            try {
                gossipThread.submit(stopTimers).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                // The timers die with the gossip thread anyway; only the orderly stop was missed.
                log.debug("memberlist: timers not stopped in order: {}", e.toString());
            }
        }
        transport.close();
    }

    private void gossip() {
        if (stopped) {
            return;
        }
        long now = nanoTime();
        long deadKeep = timing.gossipToTheDeadTime().toNanos();
        List<PeerNode> targets = table.randomNodes(timing.gossipNodes(), n -> !n.name.equals(name)
                && (n.state == NodeState.ALIVE || n.state == NodeState.SUSPECT
                || (n.state == NodeState.DEAD && now - n.stateChangeNanos < deadKeep)));
        for (PeerNode n : targets) {
            if (!outbox.gossip(n.address)) {
                break;
            }
        }
        numNodes = table.size();
        schedule(this::gossip, timing.gossipInterval());
    }

    private void pushPull() {
        if (stopped) {
            return;
        }
        List<PeerNode> peer = table.randomNodes(1, n -> n.state == NodeState.ALIVE && !n.name.equals(name));
        if (!peer.isEmpty()) {
            PeerNode p = peer.get(0);
            sync.pushPull(p.address, false).whenComplete((v, e) -> {
                if (e != null) {
                    log.debug("memberlist: push/pull with {} failed: {}", p.name, e.toString());
                }
            });
        }
        schedule(this::pushPull, timing.pushPullInterval(table.size()));
    }

    @Override
    public void onPacket(byte[] packet, InetSocketAddress from) {
        counters.packetsReceived.incrementAndGet();
        try {
            Message m = WireCodec.decode(packet, WireCodec.MAX_PACKET);
            execute(() -> handle(m, from));
        } catch (MalformedPacketException e) {
            counters.refused(e);
            log.debug("memberlist: dropped a packet from {}: {}", from, e.getMessage());
        } catch (RejectedExecutionException e) {
            log.trace("memberlist: packet after shutdown");
        }
    }

    @Override
    public CompletableFuture<byte[]> onRequest(byte[] frame, InetSocketAddress from) {
        counters.streamsReceived.incrementAndGet();
        try {
            Message m = WireCodec.decode(frame, WireCodec.MAX_FRAME);
            if (m instanceof Ping p && (p.target().isEmpty() || p.target().equals(name))) {
                return CompletableFuture.completedFuture(WireCodec.encode(new Ack(p.seq(), null)));
            }
            if (m instanceof PushPull pp && !stopped) {
                return CompletableFuture.supplyAsync(() -> sync.answer(pp, from), gossipThread);
            }
        } catch (MalformedPacketException e) {
            counters.refused(e);
            log.debug("memberlist: dropped a stream from {}: {}", from, e.getMessage());
        } catch (RejectedExecutionException e) {
            log.trace("memberlist: stream after shutdown");
        }
        return CompletableFuture.completedFuture(null);
    }

    private void handle(Message m, InetSocketAddress from) {
        if (stopped) {
            return;
        }
        if (m instanceof Compound c) {
            c.parts().forEach(part -> handle(part, from));
        } else if (m instanceof Ping p) {
            prober.onPing(p, from);
        } else if (m instanceof IndirectPing p) {
            prober.onIndirectPing(p, from);
        } else if (m instanceof Ack a) {
            prober.onAck(a);
        } else if (m instanceof Nack n) {
            prober.onNack(n);
        } else if (m instanceof Alive a) {
            table.aliveNode(a, null, false);
        } else if (m instanceof Suspect s) {
            table.suspectNode(s);
        } else if (m instanceof Dead d) {
            table.deadNode(d, null);
        } else if (m instanceof User u) {
            delegate.notifyMessage(u.payload());
        } else {
            log.debug("memberlist: unexpected {} over UDP from {}", m.getClass().getSimpleName(), from);
        }
        numNodes = table.size();
    }

    @Override
    public String localName() {
        return name;
    }

    @Override
    public GossipTiming timing() {
        return timing;
    }

    @Override
    public MemberlistDelegate delegate() {
        return delegate;
    }

    @Override
    public Awareness awareness() {
        return awareness;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void broadcast(String node, Message message, Runnable onSent) {
        queue.queue(node, WireCodec.encodeBody(message), onSent);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return gossipThread.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("memberlist: gossip task failed", e);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} on the gossip thread, logging a failure (a plain execute would swallow it). */
    private void execute(Runnable task) {
        gossipThread.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("memberlist: gossip thread task failed", e);
            }
        });
    }
}
