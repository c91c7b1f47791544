package io.proconsul.cli.command.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The waits of one acquisition: Consul's default wait, a one-shot wait running down, a stop. */
class AcquireBudgetTest {

    private final CompletableFuture<Void> stop = new CompletableFuture<>();

    @Test
    void withoutAOneShotWaitEveryReadWaitsTheDefaultUntilStopped() {
        AcquireBudget budget = new AcquireBudget(Duration.ZERO);
        assertThat(budget.next(stop)).isEqualTo(ConsulLock.WAIT_TIME);
        assertThat(budget.next(stop)).isEqualTo(ConsulLock.WAIT_TIME);
        stop.complete(null);
        assertThat(budget.next(stop)).isNull();
    }

    @Test
    void aOneShotWaitGivesTheFirstReadAllOfItAndLaterOnesWhatIsLeft() {
        AcquireBudget budget = new AcquireBudget(Duration.ofHours(1));
        assertThat(budget.next(stop)).isEqualTo(Duration.ofHours(1));
        assertThat(budget.next(stop)).isLessThan(Duration.ofHours(1)).isGreaterThan(Duration.ofMinutes(59));
    }

    @Test
    void aOneShotWaitThatHasPassedEndsTheAcquisitionAfterOneRead() {
        AcquireBudget budget = new AcquireBudget(Duration.ofNanos(1));
        assertThat(budget.next(stop)).isEqualTo(Duration.ofNanos(1));
        assertThat(budget.next(stop)).isNull();
    }
}
