package io.proconsul.core.check;

import io.proconsul.core.catalog.HealthStatus;

/**
 * Consul's {@code StatusHandler}: holds back a flip to passing until {@code success_before_passing}
 * consecutive successes, and a flip to critical until {@code failures_before_critical} consecutive
 * failures. A warning counts as a success, as in Consul. Each kind of result resets the other's count, and
 * both counts start at their thresholds so that the very first result is reported at once.
 *
 * <p>Consul also has {@code failures_before_warning}, defaulting to {@code failures_before_critical}; the
 * definitions here do not carry it, and with that default a held-back failure is never reported as a
 * warning, so it is left out.
 *
 * <p>Not thread-safe: one per check, used by its runner one result at a time.
 */
final class StatusCounter {

    private final int successBeforePassing;
    private final int failuresBeforeCritical;
    private int successes;
    private int failures;

    StatusCounter(int successBeforePassing, int failuresBeforeCritical) {
        this.successBeforePassing = successBeforePassing;
        this.failuresBeforeCritical = failuresBeforeCritical;
        this.successes = successBeforePassing;
        this.failures = failuresBeforeCritical;
    }

    /** Counts {@code result}; returns it if it is to be reported, {@code null} if it is held back. */
    CheckResult next(CheckResult result) {
        if (HealthStatus.PASSING.equals(result.status()) || HealthStatus.WARNING.equals(result.status())) {
            successes++;
            failures = 0;
            return successes >= successBeforePassing ? result : null;
        }
        failures++;
        successes = 0;
        return failures >= failuresBeforeCritical ? result : null;
    }
}
