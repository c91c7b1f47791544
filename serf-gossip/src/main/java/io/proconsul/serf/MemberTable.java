package io.proconsul.serf;

import io.proconsul.core.membership.Member;
import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.SerfMessage.JoinIntent;
import io.proconsul.serf.SerfMessage.LeaveIntent;
import io.proconsul.serf.memberlist.NodeInfo;
import io.proconsul.serf.memberlist.NodeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serf's members (serf's {@code handleNode*} and intent handlers): turns memberlist's alive/dead verdicts
 * and the Lamport-timed join and leave intents into serf statuses (alive, leaving, left, failed), emits a
 * {@link MemberEvent} for each change and reaps failed and left members after their timeouts.
 *
 * <p>Mutated only on the gossip thread; {@link #members()} and the counts may be read from any thread.
 */
final class MemberTable {

    private static final Logger log = LoggerFactory.getLogger(MemberTable.class);

    private static final class State {
        Member member;
        long statusLTime;
        long leaveNanos;

        State(Member member) {
            this.member = member;
        }
    }

    private record Intent(boolean leave, long ltime, long wallNanos) {}

    private final String localName;
    private final LamportClock clock;
    private final Consumer<MemberEvent> events;
    private final String pool;
    private final LongSupplier nanoClock;
    private final Map<String, State> members = new HashMap<>();
    private final Map<String, Intent> recentIntents = new HashMap<>();
    private final Map<String, Member> published = new ConcurrentHashMap<>();

    MemberTable(String localName, String pool, LamportClock clock, Consumer<MemberEvent> events,
            LongSupplier nanoClock) {
        this.localName = localName;
        this.pool = pool;
        this.clock = clock;
        this.events = events;
        this.nanoClock = nanoClock;
    }

    /** Every member, this one included, as last published. Any thread. */
    List<Member> members() {
        return List.copyOf(published.values());
    }

    Member get(String name) {
        return published.get(name);
    }

    long count(MemberStatus status) {
        return published.values().stream().filter(m -> m.status() == status).count();
    }

    int size() {
        return published.size();
    }

    static Member toMember(NodeInfo n, MemberStatus status) {
        byte[] p = n.protocol();
        return new Member(n.name(), n.host(), n.port(), TagCodec.decode(n.meta()), status,
                new Member.Protocol(p[0], p[1], p[2], p[3], p[4], p[5]));
    }

    void handleJoin(NodeInfo n) {
        State s = members.get(n.name());
        MemberStatus status = MemberStatus.ALIVE;
        if (s == null) {
            s = new State(toMember(n, status));
            Intent intent = recentIntents.get(n.name());
            if (intent != null && !intent.leave()) {
                s.statusLTime = intent.ltime();
            } else if (intent != null) {
                status = MemberStatus.LEAVING;
                s.statusLTime = intent.ltime();
            }
            members.put(n.name(), s);
        }
        s.member = toMember(n, status);
        s.leaveNanos = 0;
        emit(MemberEvent.Type.JOIN, s);
    }

    void handleLeave(NodeInfo n) {
        State s = members.get(n.name());
        if (s == null) {
            return;
        }
        MemberStatus old = s.member.status();
        MemberStatus next;
        // memberlist's own "left" verdict (the member announced its death) also counts as graceful, so a
        // member that missed the leave intent still does not report a failure.
        if (old == MemberStatus.LEAVING || (old == MemberStatus.ALIVE && n.state() == NodeState.LEFT)) {
            next = MemberStatus.LEFT;
        } else if (old == MemberStatus.ALIVE) {
            next = MemberStatus.FAILED;
        } else {
            log.warn("serf: bad state when leave: {}", old.text());
            return;
        }
        s.member = s.member.withStatus(next);
        s.leaveNanos = nanoClock.getAsLong();
        log.info("serf: {}: {} {}", next == MemberStatus.LEFT ? "EventMemberLeave" : "EventMemberFailed",
                n.name(), n.host());
        emit(next == MemberStatus.LEFT ? MemberEvent.Type.LEAVE : MemberEvent.Type.FAILED, s);
    }

    void handleUpdate(NodeInfo n) {
        State s = members.get(n.name());
        if (s == null) {
            return;
        }
        s.member = toMember(n, s.member.status());
        emit(MemberEvent.Type.UPDATE, s);
    }

    /**
     * Applies a leave intent; returns whether it was news worth re-broadcasting. {@code refute} runs when
     * the intent names this member while it is alive (an old intent from a previous life).
     */
    boolean leaveIntent(LeaveIntent msg, boolean localAlive, Runnable refute, Runnable pruneLater) {
        clock.witness(msg.ltime());
        State s = members.get(msg.node());
        if (s == null) {
            return upsertIntent(msg.node(), true, msg.ltime());
        }
        if (msg.ltime() <= s.statusLTime) {
            return false;
        }
        if (msg.node().equals(localName) && localAlive) {
            log.debug("serf: refuting an older leave intent");
            refute.run();
            return false;
        }
        s.statusLTime = msg.ltime();
        return applyLeave(s, msg.prune(), pruneLater);
    }

    private boolean applyLeave(State s, boolean prune, Runnable pruneLater) {
        switch (s.member.status()) {
            case ALIVE -> {
                s.member = s.member.withStatus(MemberStatus.LEAVING);
                publish(s);
                if (prune) {
                    pruneLater.run();
                }
            }
            case FAILED -> {
                s.member = s.member.withStatus(MemberStatus.LEFT);
                log.info("serf: EventMemberLeave (forced): {} {}", s.member.name(), s.member.addr());
                emit(MemberEvent.Type.LEAVE, s);
                if (prune) {
                    erase(s.member.name());
                }
            }
            case LEAVING, LEFT -> {
                if (prune) {
                    pruneLater.run();
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Applies a join intent; returns whether it was news worth re-broadcasting. */
    boolean joinIntent(JoinIntent msg) {
        clock.witness(msg.ltime());
        State s = members.get(msg.node());
        if (s == null) {
            return upsertIntent(msg.node(), false, msg.ltime());
        }
        if (msg.ltime() <= s.statusLTime) {
            return false;
        }
        s.statusLTime = msg.ltime();
        if (s.member.status() == MemberStatus.LEAVING) {
            s.member = s.member.withStatus(MemberStatus.ALIVE);
            publish(s);
        }
        return true;
    }

    private boolean upsertIntent(String node, boolean leave, long ltime) {
        Intent old = recentIntents.get(node);
        if (old == null || ltime > old.ltime()) {
            recentIntents.put(node, new Intent(leave, ltime, nanoClock.getAsLong()));
            return true;
        }
        return false;
    }

    /** Forgets a member at once (a prune, or a reap); emits {@code REAP}. */
    void erase(String name) {
        State s = members.remove(name);
        if (s != null) {
            published.remove(name);
            log.info("serf: EventMemberReap: {}", name);
            events.accept(new MemberEvent(MemberEvent.Type.REAP, s.member, pool));
        }
    }

    /** Reaps failed members older than {@code reconnect}, left ones older than {@code tombstone}. */
    void reap(Duration reconnect, Duration tombstone, Duration intentTimeout) {
        long now = nanoClock.getAsLong();
        List<String> gone = new ArrayList<>();
        members.forEach((name, s) -> {
            MemberStatus st = s.member.status();
            long age = now - s.leaveNanos;
            if ((st == MemberStatus.FAILED && age > reconnect.toNanos())
                    || (st == MemberStatus.LEFT && age > tombstone.toNanos())) {
                gone.add(name);
            }
        });
        gone.forEach(this::erase);
        recentIntents.values().removeIf(i -> now - i.wallNanos() > intentTimeout.toNanos());
    }

    Map<String, Long> statusLTimes() {
        Map<String, Long> out = new HashMap<>();
        members.forEach((name, s) -> out.put(name, s.statusLTime));
        return out;
    }

    List<String> leftNames() {
        List<String> out = new ArrayList<>();
        members.forEach((name, s) -> {
            if (s.member.status() == MemberStatus.LEFT) {
                out.add(name);
            }
        });
        return out;
    }

    boolean hasOtherAlive() {
        return members.values().stream()
                .anyMatch(s -> !s.member.name().equals(localName) && s.member.status() == MemberStatus.ALIVE);
    }

    /** A random failed member, or null (serf's reconnect picks one per interval). */
    Member randomFailed() {
        List<Member> failed = members.values().stream().map(s -> s.member)
                .filter(m -> m.status() == MemberStatus.FAILED).toList();
        return failed.isEmpty() ? null : failed.get(ThreadLocalRandom.current().nextInt(failed.size()));
    }

    private void publish(State s) {
        published.put(s.member.name(), s.member);
    }

    private void emit(MemberEvent.Type type, State s) {
        publish(s);
        events.accept(new MemberEvent(type, s.member, pool));
    }
}
