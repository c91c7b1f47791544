package io.proconsul.core.check;

/**
 * Receives the results of a running check: Consul's {@code CheckNotifier.UpdateCheck}. The agent's local
 * state implements it and pushes changes to the catalog.
 *
 * <p>Threading: probe results arrive on a worker thread and TTL expiries on the runners' timer thread; a
 * TTL check's {@link TtlCheck#update} calls it on the caller's own thread, before returning (so possibly on
 * an event loop). The updates of one check are delivered one at a time, in order; updates of different
 * checks may arrive concurrently. An implementation must not block (it holds the check's runner, and
 * possibly an event loop) and may call {@link CheckRunners#stop} for any check.
 *
 * <p>Only reported changes arrive: a result held back by {@code success_before_passing} or
 * {@code failures_before_critical} is not delivered. The same status and output may be delivered again
 * (every interval); an implementation decides whether that is a change worth writing.
 */
@FunctionalInterface
public interface CheckListener {

    /**
     * A check's new state.
     *
     * @param status one of {@code passing}, {@code warning}, {@code critical}
     *     ({@link io.proconsul.core.catalog.HealthStatus})
     * @param output what the check printed or answered, already truncated to the output limit
     */
    void update(String checkId, String status, String output);
}
