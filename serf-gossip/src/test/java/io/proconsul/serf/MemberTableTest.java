package io.proconsul.serf;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.membership.MemberEvent;
import io.proconsul.core.membership.MemberStatus;
import io.proconsul.serf.SerfMessage.JoinIntent;
import io.proconsul.serf.SerfMessage.LeaveIntent;
import io.proconsul.serf.memberlist.NodeInfo;
import io.proconsul.serf.memberlist.NodeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Serf's status rules, driven directly with memberlist verdicts, intents and a fake clock. */
class MemberTableTest {

    private final List<MemberEvent> events = new ArrayList<>();
    private final LamportClock clock = new LamportClock();
    private long now;
    private final MemberTable table = new MemberTable("me", "lan", clock, events::add, () -> now);
    private final Runnable never = () -> {
        throw new AssertionError("not expected");
    };

    private static NodeInfo node(String name, NodeState state) {
        return new NodeInfo(name, "127.0.0.1", 8301, TagCodec.encode(Map.of("role", "node")), 1, state,
                new byte[] {1, 5, 2, 2, 5, 4});
    }

    @Test
    void aLateJoinIntentCannotResurrectALeavingMember() {
        table.handleJoin(node("a", NodeState.ALIVE));
        assertThat(table.joinIntent(new JoinIntent(5, "a"))).isTrue();
        assertThat(table.leaveIntent(new LeaveIntent(7, "a", false), true, never, never)).isTrue();
        assertThat(table.get("a").status()).isEqualTo(MemberStatus.LEAVING);

        assertThat(table.joinIntent(new JoinIntent(6, "a"))).as("older than the leave").isFalse();
        assertThat(table.get("a").status()).isEqualTo(MemberStatus.LEAVING);
        assertThat(clock.time()).isGreaterThan(7);

        table.handleLeave(node("a", NodeState.LEFT));
        assertThat(table.get("a").status()).isEqualTo(MemberStatus.LEFT);
        assertThat(events).extracting(MemberEvent::type).containsExactly(MemberEvent.Type.JOIN,
                MemberEvent.Type.LEAVE);
    }

    @Test
    void aDeadVerdictForAnAliveMemberIsAFailureAndForceLeaveMakesItLeft() {
        table.handleJoin(node("a", NodeState.ALIVE));
        table.handleLeave(node("a", NodeState.DEAD));
        assertThat(table.get("a").status()).isEqualTo(MemberStatus.FAILED);
        assertThat(table.leaveIntent(new LeaveIntent(3, "a", false), true, never, never)).isTrue();
        assertThat(table.get("a").status()).isEqualTo(MemberStatus.LEFT);
        assertThat(table.leaveIntent(new LeaveIntent(3, "a", false), true, never, never)).as("a repeat").isFalse();
        assertThat(events).extracting(MemberEvent::type).containsExactly(MemberEvent.Type.JOIN,
                MemberEvent.Type.FAILED, MemberEvent.Type.LEAVE);
    }

    @Test
    void intentsAboutUnknownMembersAreRememberedForTheirJoin() {
        assertThat(table.leaveIntent(new LeaveIntent(9, "b", false), true, never, never)).isTrue();
        assertThat(table.leaveIntent(new LeaveIntent(8, "b", false), true, never, never)).isFalse();
        table.handleJoin(node("b", NodeState.ALIVE));
        assertThat(table.get("b").status()).isEqualTo(MemberStatus.LEAVING);
    }

    @Test
    void anOldLeaveIntentAboutOurselvesIsRefutedWhileAlive() {
        table.handleJoin(node("me", NodeState.ALIVE));
        int[] refuted = new int[1];
        assertThat(table.leaveIntent(new LeaveIntent(4, "me", false), true, () -> refuted[0]++, never)).isFalse();
        assertThat(refuted[0]).isEqualTo(1);
        assertThat(table.get("me").status()).isEqualTo(MemberStatus.ALIVE);
    }

    @Test
    void failedAndLeftMembersAreReapedAfterTheirOwnTimeouts() {
        table.handleJoin(node("f", NodeState.ALIVE));
        table.handleJoin(node("l", NodeState.ALIVE));
        table.handleLeave(node("f", NodeState.DEAD));
        table.leaveIntent(new LeaveIntent(2, "l", false), true, never, never);
        table.handleLeave(node("l", NodeState.LEFT));
        Duration reconnect = Duration.ofSeconds(10);
        Duration tombstone = Duration.ofSeconds(20);

        now += Duration.ofSeconds(11).toNanos();
        table.reap(reconnect, tombstone, Duration.ofMinutes(5));
        assertThat(table.get("f")).isNull();
        assertThat(table.get("l").status()).isEqualTo(MemberStatus.LEFT);

        now += Duration.ofSeconds(10).toNanos();
        table.reap(reconnect, tombstone, Duration.ofMinutes(5));
        assertThat(table.get("l")).isNull();
        assertThat(events).filteredOn(e -> e.type() == MemberEvent.Type.REAP).extracting(e -> e.member().name())
                .containsExactly("f", "l");
    }

    @Test
    void aRejoinAfterFailureIsAJoinAgain() {
        table.handleJoin(node("a", NodeState.ALIVE));
        table.handleLeave(node("a", NodeState.DEAD));
        table.handleJoin(node("a", NodeState.ALIVE));
        assertThat(table.get("a").status()).isEqualTo(MemberStatus.ALIVE);
        assertThat(table.count(MemberStatus.FAILED)).isZero();
    }
}
