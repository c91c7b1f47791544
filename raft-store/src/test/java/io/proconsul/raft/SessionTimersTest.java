package io.proconsul.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.store.SessionDestroy;
import io.proconsul.raft.state.SessionEffects;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leader's TTL timers on a real scheduler, with the destroy submission played by the test. */
class SessionTimersTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final List<String> destroyed = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final SessionTimers timers = new SessionTimers(scheduler, this::destroy, 2);

    {
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private CompletableFuture<Boolean> destroy(SessionDestroy d) {
        if (failuresLeft.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("No cluster leader"));
        }
        destroyed.add(d.id());
        // As the store would apply it: the session ends.
        timers.applied(new SessionEffects(Map.of(), Set.of(d.id()), Map.of(), false));
        return CompletableFuture.completedFuture(true);
    }

    @Test
    void onlyALeaderExpiresAndItRestartsEveryTimerWhenItTakesOver() {
        timers.applied(started("a", Duration.ofMillis(50)));
        assertThat(timers.size()).isEqualTo(1);
        assertThat(scheduler.getQueue()).isEmpty();

        timers.leadershipGained(Map.of("a", Duration.ofMillis(50), "b", Duration.ofMillis(100)));
        Poll.until(Duration.ofSeconds(5), () -> assertThat(destroyed).containsExactlyInAnyOrder("a", "b"));
        assertThat(timers.size()).isZero();
    }

    @Test
    void aRenewalPushesTheExpiryBackAndAnEndedSessionIsNeverDestroyed() {
        timers.leadershipGained(Map.of());
        timers.applied(started("gone", Duration.ofMillis(100)));
        timers.applied(new SessionEffects(Map.of(), Set.of("gone"), Map.of(), false));
        timers.applied(started("renewed", Duration.ofSeconds(30)));
        timers.applied(started("renewed", Duration.ofMillis(50)));
        Poll.until(Duration.ofSeconds(5), () -> assertThat(destroyed).containsExactly("renewed"));
        assertThat(destroyed).doesNotContain("gone");
        assertThat(scheduler.getQueue()).isEmpty();
    }

    @Test
    void aFailedDestroyIsTriedAgainWhileLeading() {
        failuresLeft.set(1);
        timers.leadershipGained(Map.of("a", Duration.ofMillis(10)));
        Poll.until(Duration.ofSeconds(5), () -> assertThat(destroyed).containsExactly("a"));
    }

    @Test
    void tenThousandSessionsAreTasksOnOneSchedulerThreadAndLeavingLeadershipDropsThem() {
        Map<String, Duration> many = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            many.put("s" + i, Duration.ofHours(1));
        }
        timers.leadershipGained(many);
        assertThat(timers.size()).isEqualTo(10_000);
        assertThat(scheduler.getQueue()).hasSize(10_000);
        assertThat(scheduler.getPoolSize()).isLessThanOrEqualTo(1);
        timers.leadershipLost();
        assertThat(scheduler.getQueue()).isEmpty();
        assertThat(timers.size()).isEqualTo(10_000);
        timers.resync(Map.of("s1", Duration.ofMillis(10)));
        assertThat(timers.size()).isEqualTo(1);
        assertThat(scheduler.getQueue()).isEmpty();
    }

    private static SessionEffects started(String id, Duration ttl) {
        return new SessionEffects(Map.of(id, ttl), Set.of(), Map.of(), false);
    }
}
