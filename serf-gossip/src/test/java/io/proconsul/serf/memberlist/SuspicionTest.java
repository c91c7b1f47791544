package io.proconsul.serf.memberlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lifeguard's suspicion timeout, driven by a fake clock. */
class SuspicionTest {

    private long now;

    @Test
    void theTimeoutStartsAtMaxAndShrinksToMinWithIndependentConfirmations() {
        Duration min = Duration.ofSeconds(2);
        Duration max = Duration.ofSeconds(30);
        Suspicion s = new Suspicion("me", 3, min, max, () -> now);
        assertThat(s.remaining()).isEqualTo(max);

        now += Duration.ofSeconds(1).toNanos();
        assertThat(s.confirm("me")).as("the accuser itself does not count").isFalse();
        assertThat(s.confirm("a")).isTrue();
        assertThat(s.confirm("a")).as("a repeat does not count").isFalse();
        // 30 - log(2)/log(4) * 28 = 16 s, minus the 1 s elapsed.
        assertThat(s.remaining()).isEqualTo(Duration.ofSeconds(15));

        assertThat(s.confirm("b")).isTrue();
        // 30 - log(3)/log(4) * 28 = 7.810 s, minus 1 s.
        assertThat(s.remaining()).isEqualTo(Duration.ofMillis(6810));

        assertThat(s.confirm("c")).isTrue();
        assertThat(s.remaining()).isEqualTo(min.minusSeconds(1));
        assertThat(s.confirm("d")).as("past k confirmations nothing changes").isFalse();
        assertThat(s.confirmations()).isEqualTo(3);
    }

    @Test
    void withoutExpectedConfirmationsTheTimeoutStaysAtMax() {
        Suspicion s = new Suspicion("me", 0, Duration.ofSeconds(4), Duration.ofSeconds(24), () -> now);
        assertThat(s.confirm("a")).isFalse();
        now += Duration.ofSeconds(4).toNanos();
        assertThat(s.remaining()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aLateConfirmationCanMakeTheTimeoutDueAtOnce() {
        Suspicion s = new Suspicion("me", 2, Duration.ofSeconds(1), Duration.ofSeconds(10), () -> now);
        now += Duration.ofSeconds(5).toNanos();
        s.confirm("a");
        s.confirm("b");
        assertThat(s.remaining()).isNegative();
    }

    @Test
    void memberlistsTimeoutFormulasScaleWithClusterSize() {
        GossipTiming lan = GossipTiming.lan();
        assertThat(lan.suspicionTimeout(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(lan.suspicionTimeout(50)).isEqualTo(Duration.ofMillis(6792));
        assertThat(lan.retransmitLimit(5)).isEqualTo(4);
        assertThat(lan.retransmitLimit(50)).isEqualTo(8);
        assertThat(lan.pushPullInterval(64)).isEqualTo(Duration.ofSeconds(60));
        assertThat(GossipTiming.wan().probeInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void awarenessScalesTimeoutsUpToItsMaximum() {
        Awareness a = new Awareness(8);
        a.applyDelta(-3);
        assertThat(a.score()).isZero();
        a.applyDelta(20);
        assertThat(a.score()).isEqualTo(7);
        assertThat(a.scale(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(8));
    }
}
