package io.proconsul.core.check;

/**
 * One kind of interval check: performs a single probe and says what it found. Called on a worker thread,
 * never concurrently with itself; it must end within its own timeout.
 */
interface Probe {

    /**
     * Probes once. Failures of the checked thing are results (critical with the error as output), not
     * exceptions.
     *
     * @throws InterruptedException when the check was stopped meanwhile (anything started is cleaned up)
     */
    CheckResult check() throws InterruptedException;
}
