package io.proconsul.serf;

import io.proconsul.serf.memberlist.MalformedPacketException;
import io.proconsul.serf.memberlist.MalformedPacketException.Kind;
import io.proconsul.serf.memberlist.WireReader;
import io.proconsul.serf.memberlist.WireWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The serf layer's messages, carried by memberlist as opaque broadcasts or push-pull state, with their own
 * binary form (a type byte, then the fields). Immutable.
 */
sealed interface SerfMessage {

    int MAX_NAME = 512;

    /** A member (re)joined at Lamport time {@code ltime}; a later leave intent wins over it. */
    record JoinIntent(long ltime, String node) implements SerfMessage {}

    /** A member leaves (or is forced out) at {@code ltime}; with {@code prune}, it is also forgotten. */
    record LeaveIntent(long ltime, String node, boolean prune) implements SerfMessage {}

    /**
     * Serf's push-pull state: the clocks, each member's status time and the members that left, so a
     * rejoining or partitioned member learns intents it missed.
     */
    record PushPullState(long ltime, Map<String, Long> statusLTimes, List<String> left, long eventLTime,
            long queryLTime, List<UserEventMessage> events) implements SerfMessage {
        public PushPullState {
            statusLTimes = Map.copyOf(statusLTimes);
            left = List.copyOf(left);
            events = List.copyOf(events);
        }
    }

    /**
     * A user event (serf's {@code messageUserEvent}) sent at event time {@code ltime}. Two are the same event
     * when time, name and payload are equal (the payload array is compared by content in {@link #sameAs}).
     */
    record UserEventMessage(long ltime, String name, byte[] payload, boolean coalesce) implements SerfMessage {
        boolean sameAs(UserEventMessage o) {
            return ltime == o.ltime && name.equals(o.name) && java.util.Arrays.equals(payload, o.payload);
        }
    }

    int JOIN = 1;
    int LEAVE = 2;
    int PUSH_PULL = 3;
    int USER_EVENT = 4;
    /** Serf's hard limit on an event's name plus payload ({@code UserEventSizeLimit}, 9 KiB). */
    int MAX_EVENT = 9 * 1024;

    static byte[] encode(SerfMessage m) {
        WireWriter w = new WireWriter();
        if (m instanceof JoinIntent j) {
            w.u8(JOIN).i64(j.ltime()).str(j.node());
        } else if (m instanceof LeaveIntent l) {
            w.u8(LEAVE).i64(l.ltime()).str(l.node()).bool(l.prune());
        } else if (m instanceof PushPullState p) {
            w.u8(PUSH_PULL).i64(p.ltime()).i64(p.eventLTime()).i64(p.queryLTime()).i32(p.statusLTimes().size());
            p.statusLTimes().forEach((name, t) -> w.str(name).i64(t));
            w.i32(p.left().size());
            p.left().forEach(w::str);
            w.i32(p.events().size());
            p.events().forEach(e -> userEvent(w, e));
        } else if (m instanceof UserEventMessage e) {
            w.u8(USER_EVENT);
            userEvent(w, e);
        }
        return w.toByteArray();
    }

    static SerfMessage decode(byte[] b) throws MalformedPacketException {
        WireReader r = new WireReader(b, 0, b.length);
        int type = r.u8();
        SerfMessage m = switch (type) {
            case JOIN -> new JoinIntent(r.i64(), r.str(MAX_NAME));
            case LEAVE -> new LeaveIntent(r.i64(), r.str(MAX_NAME), r.bool());
            case PUSH_PULL -> decodePushPull(r);
            case USER_EVENT -> userEvent(r);
            default -> throw new MalformedPacketException(Kind.MALFORMED, "unknown serf message " + type);
        };
        if (r.remaining() != 0) {
            throw new MalformedPacketException(Kind.MALFORMED, "trailing bytes in serf message");
        }
        return m;
    }

    private static PushPullState decodePushPull(WireReader r) throws MalformedPacketException {
        long ltime = r.i64();
        long eventLTime = r.i64();
        long queryLTime = r.i64();
        int n = count(r);
        Map<String, Long> times = new HashMap<>();
        for (int i = 0; i < n; i++) {
            times.put(r.str(MAX_NAME), r.i64());
        }
        int leftCount = count(r);
        List<String> left = new ArrayList<>(leftCount);
        for (int i = 0; i < leftCount; i++) {
            left.add(r.str(MAX_NAME));
        }
        int eventCount = count(r);
        List<UserEventMessage> events = new ArrayList<>(eventCount);
        for (int i = 0; i < eventCount; i++) {
            events.add(userEvent(r));
        }
        return new PushPullState(ltime, times, left, eventLTime, queryLTime, events);
    }

    private static void userEvent(WireWriter w, UserEventMessage e) {
        w.i64(e.ltime()).str(e.name()).bytes32(e.payload()).bool(e.coalesce());
    }

    private static UserEventMessage userEvent(WireReader r) throws MalformedPacketException {
        return new UserEventMessage(r.i64(), r.str(MAX_EVENT), r.bytes32(MAX_EVENT), r.bool());
    }

    private static int count(WireReader r) throws MalformedPacketException {
        int n = r.i32();
        if (n < 0 || n > r.remaining() / 2) {
            throw new MalformedPacketException(Kind.MALFORMED, "bad count " + n);
        }
        return n;
    }
}
