package io.proconsul.core.check;

/**
 * A running TTL check (Consul's {@code CheckTTL}): its state is whatever was last reported through
 * {@code /v1/agent/check/pass|warn|fail|update}, until the TTL passes without a report; then it turns
 * critical with the output {@value #EXPIRED} (followed by the last output, if there was one).
 *
 * <p>Threading: {@link #update} may be called from any thread, including an event loop: it only
 * notifies the listener and re-arms a timer.
 */
public interface TtlCheck {

    /** Consul's output for an expired TTL check that never had output. */
    String EXPIRED = "TTL expired";

    /**
     * Sets the check's state, notifies the listener (on this thread, before returning) and restarts the TTL
     * (also after it expired). After the check was stopped it only returns the stored output.
     *
     * @param status one of {@code passing}, {@code warning}, {@code critical}; not validated here
     * @return the output as stored: cut to the output limit with Consul's
     *     {@code " ... (captured N of M bytes)"} suffix when longer
     */
    String update(String status, String output);
}
