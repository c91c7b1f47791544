package io.proconsul.serf;

import io.proconsul.core.event.EventBus;
import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.core.membership.Membership;
import io.proconsul.core.userevent.GossipUserEvent;
import io.proconsul.core.userevent.UserEventGossip;
import io.proconsul.serf.coordinate.Coordinate;
import io.proconsul.serf.memberlist.Memberlist;
import io.proconsul.serf.memberlist.NettyTransport;
import io.proconsul.serf.memberlist.PacketCounters;
import io.proconsul.serf.memberlist.TransmitLimitedQueue;
import io.proconsul.serf.memberlist.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One serf gossip pool (the LAN pool of a datacenter, or the WAN pool): memberlist's SWIM failure detection
 * plus serf's statuses, Lamport-timed join and leave intents, tags, reaping and the rejoin snapshot.
 * Membership changes are published on the bus as {@link MemberEvent}s with this pool's name, user events
 * (serf's, see {@link #userEvent}) as {@link GossipUserEvent}s.
 *
 * <p>Threading: every method may be called from any thread and none blocks, except {@link #start()} (binds)
 * and {@link #close()}. The pool owns one gossip thread, on which all its state changes happen, and its
 * transport; {@link #close()} releases both. Closing without {@link #leave()} looks like a crash to the
 * other members (they will mark this one failed), as in serf.
 */
public final class SerfPool implements Membership, SerfDelegate.Pool, UserEventGossip {

    private static final Logger log = LoggerFactory.getLogger(SerfPool.class);

    private enum State { CREATED, ALIVE, LEAVING, LEFT, SHUTDOWN }

    private final SerfConfig config;
    private final EventBus bus;
    private final Function<SerfConfig, Transport> transports;
    private final LamportClock clock = new LamportClock();
    private final LamportClock eventClock = new LamportClock();
    private final LamportClock queryClock = new LamportClock();
    private final MemberTable table;
    private final PoolCoordinates coordinates;
    private volatile Map<String, String> tags;
    private volatile State state = State.CREATED;
    private final RejoinSnapshot snapshot = new RejoinSnapshot(clock, eventClock, queryClock);
    private GossipThread gossipThread;
    private TransmitLimitedQueue intents;
    private SerfDelegate delegate;
    private IntentSender sender;
    private UserEventRelay events;
    private Memberlist memberlist;

    public SerfPool(SerfConfig config, EventBus bus) {
        this(config, bus, c -> new NettyTransport(c.bindAddress(), c.bindPort(), c.gossip().tcpTimeout()));
    }

    /** With another transport: tests wrap the real one to lose packets. */
    public SerfPool(SerfConfig config, EventBus bus, Function<SerfConfig, Transport> transports) {
        this.config = config;
        this.bus = bus;
        this.transports = transports;
        this.tags = config.tags();
        this.table = new MemberTable(config.nodeName(), config.pool(), clock, this::onMemberEvent, System::nanoTime);
        this.coordinates = new PoolCoordinates(config.nodeName());
        checkTagSize(config.tags());
    }

    @Override
    public String name() {
        return "serf_" + config.pool();
    }

    @Override
    public synchronized void start() throws Exception {
        if (state != State.CREATED) {
            throw new IllegalStateException("serf pool already started");
        }
        if (isWildcard(config.advertiseHost())) {
            // Others would be told to reach us at 0.0.0.0: Consul picks a private address in that case,
            // which is the agent configuration's job; refuse rather than form a broken cluster.
            throw new IllegalStateException("serf: an advertise address is required when binding to "
                    + config.bindAddress());
        }
        Map<String, String> previous = snapshot.open(config);
        gossipThread = new GossipThread("serf-" + config.pool() + "-" + config.nodeName());
        intents = new TransmitLimitedQueue(config.gossip().retransmitMult(), table::size);
        sender = new IntentSender(config.nodeName(), clock, table, intents);
        events = new UserEventRelay(eventClock, new TransmitLimitedQueue(config.gossip().retransmitMult(),
                table::size), e -> bus.publish(new GossipUserEvent(config.pool(), e.ltime(), e.name(), e.payload(),
                e.coalesce())));
        snapshot.ignoreOldEvents(events);
        delegate = new SerfDelegate(this, table, new MergeGuard(config, () -> tags), intents, clock, eventClock,
                queryClock, coordinates, events);
        try {
            memberlist = new Memberlist(config.nodeName(), config.advertiseHost(), config.advertisePort(),
                    config.gossip(), transports.apply(config), delegate, gossipThread.executor(), protocolBytes());
            state = State.ALIVE;
            memberlist.start();
        } catch (Exception | Error e) {
            state = State.SHUTDOWN;
            gossipThread.shutdownNow();
            snapshot.close();
            throw e;
        }
        SerfTiming t = config.serf();
        Maintenance maintenance = new Maintenance(config, table, intents, memberlist, this::aliveState);
        gossipThread.every(t.reapInterval(), maintenance::reap);
        gossipThread.every(t.reconnectInterval(), maintenance::reconnect);
        gossipThread.every(t.snapshotFlushInterval(), snapshot::flush);
        if (!previous.isEmpty()) {
            // Each attempt waits for its answer: not a job for the gossip thread or a shared pool.
            Thread rejoin = new Thread(() -> maintenance.rejoin(previous), "serf-rejoin-" + config.nodeName());
            rejoin.setDaemon(true);
            rejoin.start();
        }
    }

    private static boolean isWildcard(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host);
    }

    private static byte[] protocolBytes() {
        Member.Protocol p = Member.Protocol.CURRENT;
        return new byte[] {(byte) p.min(), (byte) p.max(), (byte) p.cur(), (byte) p.delegateMin(),
            (byte) p.delegateMax(), (byte) p.delegateCur()};
    }

    /** The port bound for gossip (UDP and TCP); meaningful after {@link #start()}. */
    public int boundPort() {
        return memberlist.boundAddress().getPort();
    }

    /** Packets sent, received and refused (malformed, foreign, oversized) by this pool's transport. */
    public PacketCounters packetCounters() {
        return memberlist.counters();
    }

    @Override
    public Member local() {
        Member m = table.get(config.nodeName());
        if (m != null) {
            return m;
        }
        return new Member(config.nodeName(), config.advertiseHost(), config.advertisePort(), tags,
                MemberStatus.NONE, Member.Protocol.CURRENT);
    }

    @Override
    public List<Member> members() {
        return table.members();
    }

    @Override
    public CompletableFuture<Integer> join(List<String> addresses) {
        if (state != State.ALIVE) {
            return CompletableFuture.failedFuture(new IllegalStateException("Serf can't Join after Leave or Shutdown"));
        }
        // Consul joins with serf's ignoreOld: events from before the join are not replayed to us.
        events.beginJoin();
        return memberlist.join(addresses, config.defaultPort()).whenComplete((n, e) -> events.endJoin())
                .thenApply(n -> {
                    if (n > 0) {
                        gossipThread.execute(() -> sender.join(clock.time()));
                    }
                    return n;
                });
    }

    /**
     * Serf's {@code UserEvent}: fails at once, with serf's message, when name plus payload exceed
     * {@value UserEventRelay#SIZE_LIMIT} bytes (or encode to more); otherwise the event is delivered here and
     * gossiped, and the future completes once it is queued.
     */
    @Override
    public CompletableFuture<Void> userEvent(String name, byte[] payload, boolean coalesce) {
        if (state != State.ALIVE) {
            return CompletableFuture.failedFuture(new IllegalStateException("serf pool is not running"));
        }
        return events.fireOn(gossipThread.executor(), name, payload, coalesce);
    }

    @Override
    public CompletableFuture<Void> leave() {
        CompletableFuture<Void> refused = beginLeave();
        if (refused != null) {
            return refused;
        }
        SerfTiming t = config.serf();
        CompletableFuture<Void> intentSent = new CompletableFuture<>();
        gossipThread.execute(() -> {
            snapshot.leave();
            sender.leave(config.nodeName(), false, false, () -> { }, () -> { })
                    .whenComplete((v, e) -> intentSent.complete(null));
        });
        // Unlike serf, which gives up with an error, go on even if the intent's broadcast timed out:
        // memberlist's own left message still tells the others. Then stay up a little longer to answer
        // probes from members that have not heard yet.
        return intentSent.completeOnTimeout(null, t.broadcastTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(v -> memberlist.leave(t.broadcastTimeout()))
                .thenCompose(v -> delay(t.leavePropagateDelay()))
                .thenRun(() -> {
                    synchronized (this) {
                        if (state == State.LEAVING) {
                            state = State.LEFT;
                        }
                    }
                    memberlist.shutdown();
                });
    }

    /** Moves to LEAVING; returns the answer instead when a leave is not (or no longer) possible. */
    private synchronized CompletableFuture<Void> beginLeave() {
        switch (state) {
            case LEFT:
                return CompletableFuture.completedFuture(null);
            case LEAVING:
                return CompletableFuture.failedFuture(new IllegalStateException("Leave already in progress"));
            case ALIVE:
                state = State.LEAVING;
                return null;
            default:
                return CompletableFuture.failedFuture(new IllegalStateException("Leave called after Shutdown"));
        }
    }

    private static CompletableFuture<Void> delay(Duration d) {
        return CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(d.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public CompletableFuture<Void> forceLeave(String node, boolean prune) {
        if (state == State.CREATED || state == State.SHUTDOWN) {
            return CompletableFuture.failedFuture(new IllegalStateException("serf pool is not running"));
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        gossipThread.execute(() -> {
            if (table.get(node) == null) {
                sent.completeExceptionally(
                        new IllegalArgumentException("agent: No node found with name '" + node + "'"));
                return;
            }
            sender.leave(node, prune, aliveState(), this::refuteLeave, () -> pruneLater(node))
                    .whenComplete((v, e) -> sent.complete(null));
        });
        return sent.completeOnTimeout(null, config.serf().broadcastTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void setTags(Map<String, String> newTags) {
        checkTagSize(newTags);
        tags = Map.copyOf(newTags);
        if (memberlist != null && state == State.ALIVE) {
            memberlist.updateMeta(config.serf().broadcastTimeout());
        }
    }

    private static void checkTagSize(Map<String, String> t) {
        if (TagCodec.encode(t).length > Memberlist.META_MAX_SIZE) {
            throw new IllegalArgumentException(
                    "Encoded length of tags exceeds limit of " + Memberlist.META_MAX_SIZE + " bytes");
        }
    }

    @Override
    public Map<String, String> stats() {
        Map<String, String> s = new TreeMap<>();
        s.put("coordinate_resets", Long.toString(coordinates.resets()));
        s.put("encrypted", "false");
        s.put("event_queue", Integer.toString(events == null ? 0 : events.queued()));
        s.put("event_time", Long.toString(eventClock.time()));
        s.put("failed", Long.toString(table.count(MemberStatus.FAILED)));
        s.put("health_score", Integer.toString(memberlist == null ? 0 : memberlist.healthScore()));
        s.put("intent_queue", Integer.toString(intents == null ? 0 : intents.size()));
        s.put("left", Long.toString(table.count(MemberStatus.LEFT)));
        s.put("member_time", Long.toString(clock.time()));
        s.put("members", Integer.toString(table.size()));
        s.put("query_queue", "0");
        s.put("query_time", Long.toString(queryClock.time()));
        return s;
    }

    /** This member's Vivaldi network coordinate (Consul's {@code /v1/coordinate}, {@code consul rtt}). */
    public Coordinate coordinate() {
        return coordinates.local();
    }

    @Override
    public Optional<io.proconsul.core.catalog.Coordinate> networkCoordinate() {
        Coordinate c = coordinates.local();
        if (!c.isValid()) {
            return Optional.empty();
        }
        return Optional.of(
                new io.proconsul.core.catalog.Coordinate(c.vec(), c.error(), c.adjustment(), c.height()));
    }

    /** The last coordinate heard from {@code node} (ours for the local name), if any. */
    public Optional<Coordinate> cachedCoordinate(String node) {
        return coordinates.cached(node);
    }

    /** Every coordinate known, by node name, ours included. */
    public Map<String, Coordinate> coordinates() {
        return coordinates.all();
    }

    /** Serf messages (intents, push-pull state) that did not decode. */
    public long malformedMessages() {
        return delegate == null ? 0 : delegate.malformed();
    }

    @Override
    public Map<String, String> localTags() {
        return tags;
    }

    @Override
    public boolean aliveState() {
        return state == State.ALIVE;
    }

    @Override
    public void refuteLeave() {
        gossipThread.execute(() -> sender.join(clock.time()));
    }

    @Override
    public void pruneLater(String node) {
        SerfTiming t = config.serf();
        gossipThread.schedule(() -> table.erase(node), t.broadcastTimeout().plus(t.leavePropagateDelay()));
    }

    private void onMemberEvent(MemberEvent e) {
        snapshot.memberEvent(e);
        if (e.type() == MemberEvent.Type.REAP) {
            coordinates.forget(e.member().name());
        }
        bus.publish(e);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (state == State.SHUTDOWN || state == State.CREATED) {
                state = State.SHUTDOWN;
                return;
            }
            if (state != State.LEFT) {
                log.warn("serf: shutdown without a leave");
            }
            state = State.SHUTDOWN;
        }
        memberlist.shutdown();
        gossipThread.execute(snapshot::flush);
        gossipThread.shutdown();
        snapshot.close();
    }
}
