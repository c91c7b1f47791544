package io.proconsul.core.check;

import io.proconsul.core.catalog.HealthStatus;

/** What one probe found: a status from {@link HealthStatus#ALL} and the output to show with it. */
record CheckResult(String status, String output) {

    static CheckResult passing(String output) {
        return new CheckResult(HealthStatus.PASSING, output);
    }

    static CheckResult warning(String output) {
        return new CheckResult(HealthStatus.WARNING, output);
    }

    static CheckResult critical(String output) {
        return new CheckResult(HealthStatus.CRITICAL, output);
    }
}
