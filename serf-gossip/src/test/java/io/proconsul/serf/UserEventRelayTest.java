package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.proconsul.serf.SerfMessage.PushPullState;
import io.proconsul.serf.SerfMessage.UserEventMessage;
import io.proconsul.serf.memberlist.MalformedPacketException;
import io.proconsul.serf.memberlist.TransmitLimitedQueue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Serf's user-event rules (de-duplication, age, join's minimum time, size limits) and their wire form. */
class UserEventRelayTest {

    private final LamportClock clock = new LamportClock();
    private final List<UserEventMessage> delivered = new ArrayList<>();
    private final TransmitLimitedQueue queue = new TransmitLimitedQueue(4, () -> 3);
    private final UserEventRelay relay = new UserEventRelay(clock, queue, delivered::add);

    private static UserEventMessage event(long t, String name, String payload) {
        return new UserEventMessage(t, name, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void aSecondCopyOfTheSameEventIsNeitherDeliveredNorGossipedAgain() {
        UserEventMessage e = event(5, "deploy", "v1");
        relay.gossiped(e, SerfMessage.encode(e));
        relay.gossiped(event(5, "deploy", "v1"), SerfMessage.encode(e));
        assertThat(delivered).hasSize(1);
        assertThat(queue.size()).isEqualTo(1);
        assertThat(clock.time()).as("witnessed").isEqualTo(6);

        relay.gossiped(event(5, "deploy", "v2"), SerfMessage.encode(event(5, "deploy", "v2")));
        relay.gossiped(event(5, "restart", "v1"), SerfMessage.encode(event(5, "restart", "v1")));
        assertThat(delivered).as("same time, other payload or name: another event").hasSize(3);
    }

    @Test
    void eventsOlderThanTheBufferOrTheMinimumTimeAreDropped() {
        relay.receive(event(UserEventRelay.BUFFER + 100, "new", ""));
        assertThat(relay.receive(event(50, "ancient", ""))).isFalse();
        assertThat(relay.receive(event(UserEventRelay.BUFFER + 1, "recent", ""))).isTrue();

        relay.ignoreBefore(UserEventRelay.BUFFER + 90);
        assertThat(relay.receive(event(UserEventRelay.BUFFER + 80, "before the join", ""))).isFalse();
        assertThat(delivered).extracting(UserEventMessage::name).containsExactly("new", "recent");
    }

    @Test
    void aJoinIgnoresTheEventsTheRemoteAlreadyHadButAPlainPushPullDeliversThem() {
        PushPullState remote = new PushPullState(3, Map.of(), List.of(), 10, 1,
                List.of(event(7, "old", "x"), event(9, "older", "y")));
        relay.beginJoin();
        relay.merge(remote, true);
        relay.endJoin();
        assertThat(delivered).isEmpty();
        assertThat(clock.time()).isGreaterThanOrEqualTo(9);
        assertThat(relay.receive(event(10, "after the join", ""))).isTrue();

        UserEventRelay other = new UserEventRelay(new LamportClock(), queue, delivered::add);
        other.merge(remote, false);
        assertThat(delivered).extracting(UserEventMessage::name).contains("old", "older");
        assertThat(queue.size()).as("merged events are not re-gossiped").isZero();
    }

    @Test
    void firingStampsTheClockDeliversLocallyAndQueues() {
        clock.witness(41);
        relay.fire("consul:event:deploy", "abc".getBytes(StandardCharsets.UTF_8), false);
        assertThat(delivered).singleElement().satisfies(e -> assertThat(e.ltime()).isEqualTo(42));
        assertThat(clock.time()).isEqualTo(43);
        assertThat(queue.size()).isEqualTo(1);
        assertThat(relay.recent()).hasSize(1);
    }

    @Test
    void serfSizeLimitsUseSerfsMessages() {
        IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
                () -> relay.fire("consul:event:big", new byte[500], false));
        assertThat(before).hasMessage("user event exceeds configured limit of 512 bytes before encoding");
        IllegalArgumentException after = assertThrows(IllegalArgumentException.class,
                () -> relay.fire("consul:event:big", new byte[495], false));
        assertThat(after).hasMessage("encoded user event exceeds limit of 512 bytes after encoding");
        assertThat(delivered).isEmpty();
        assertThat(queue.size()).isZero();
    }

    @Test
    void userEventsAndPushPullEventsRoundTripOnTheWire() throws Exception {
        UserEventMessage e = new UserEventMessage(77, "consul:event:x", new byte[] {0, 1, 2}, true);
        UserEventMessage back = (UserEventMessage) SerfMessage.decode(SerfMessage.encode(e));
        assertThat(back.sameAs(e)).isTrue();
        assertThat(back.coalesce()).isTrue();

        PushPullState pp = new PushPullState(1, Map.of("a", 2L), List.of(), 78, 1, List.of(e));
        PushPullState ppBack = (PushPullState) SerfMessage.decode(SerfMessage.encode(pp));
        assertThat(ppBack.events()).singleElement().satisfies(x -> assertThat(x.sameAs(e)).isTrue());
        assertThat(ppBack.eventLTime()).isEqualTo(78);
    }

    @Test
    void malformedUserEventsAreRefused() {
        byte[] good = SerfMessage.encode(new UserEventMessage(1, "n", new byte[] {9}, false));
        byte[] truncated = Arrays.copyOf(good, good.length - 2);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] badBool = good.clone();
        badBool[good.length - 1] = 7;
        byte[] hugePayload = new io.proconsul.serf.memberlist.WireWriter().u8(SerfMessage.USER_EVENT).i64(1)
                .str("n").i32(SerfMessage.MAX_EVENT + 1).toByteArray();
        byte[] negativePayload = new io.proconsul.serf.memberlist.WireWriter().u8(SerfMessage.USER_EVENT).i64(1)
                .str("n").i32(-4).toByteArray();
        for (byte[] bad : List.of(truncated, trailing, badBool, hugePayload, negativePayload)) {
            assertThrows(MalformedPacketException.class, () -> SerfMessage.decode(bad));
        }
    }
}
