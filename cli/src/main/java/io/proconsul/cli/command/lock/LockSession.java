package io.proconsul.cli.command.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.SessionClient;
import io.proconsul.core.GoDuration;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The session a lock or semaphore holds its keys with, as Consul's {@code api} creates it: a name, a
 * {@code 15s} TTL (the agent's serfHealth check still applies), and a daemon thread renewing it every half
 * TTL as {@code Session.RenewPeriodic} does (after a failed renew it retries every second until a full TTL
 * passed; a 404 ends it). {@link #close} stops the renewal and destroys the session, releasing what it
 * holds.
 */
final class LockSession implements AutoCloseable {

    /** Consul's {@code DefaultLockSessionTTL} and {@code DefaultSemaphoreSessionTTL}. */
    static final String DEFAULT_TTL = "15s";

    private final SessionClient sessions;
    private final String id;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread renewer;

    private LockSession(SessionClient sessions, String id, Duration ttl) {
        this.sessions = sessions;
        this.id = id;
        this.renewer = new Thread(() -> renewPeriodic(ttl), "lock-session-renew");
        renewer.setDaemon(true);
        renewer.start();
    }

    /** Creates the session; {@code behavior} is {@code release} for a lock, {@code delete} for a semaphore. */
    static LockSession create(SessionClient sessions, String name, String behavior) throws LockException {
        ObjectNode entry = sessions.entry();
        entry.put("Name", name);
        entry.put("TTL", DEFAULT_TTL);
        entry.put("Behavior", behavior);
        try {
            return new LockSession(sessions, sessions.create(entry), GoDuration.parse(DEFAULT_TTL));
        } catch (ConsulApiException e) {
            throw new LockException("failed to create session: " + e.getMessage());
        }
    }

    /** What a contender does with a new session: acquire with it, true once held. */
    interface Attempt {
        boolean acquire(String sessionId) throws LockException;
    }

    /**
     * Creates a session and runs {@code attempt} with it; returns the session when the attempt acquired,
     * otherwise (false or thrown) destroys it again and returns null or rethrows.
     */
    static LockSession createAndAcquire(SessionClient sessions, String name, String behavior, Attempt attempt)
            throws LockException {
        LockSession s = create(sessions, name, behavior);
        boolean held = false;
        try {
            held = attempt.acquire(s.id());
        } finally {
            if (!held) {
                s.close();
            }
        }
        return held ? s : null;
    }

    String id() {
        return id;
    }

    private void renewPeriodic(Duration initialTtl) {
        Duration ttl = initialTtl;
        Duration wait = ttl.dividedBy(2);
        long lastRenew = System.nanoTime();
        while (System.nanoTime() - lastRenew <= ttl.toNanos()) {
            if (Waits.sleepUnlessStopped(wait, done)) {
                return;
            }
            try {
                Optional<JsonNode> entry = sessions.renew(id);
                if (entry.isEmpty()) {
                    return;
                }
                String text = entry.get().path("TTL").asText("");
                ttl = text.isEmpty() ? ttl : GoDuration.parse(text);
                wait = ttl.dividedBy(2);
                lastRenew = System.nanoTime();
            } catch (ConsulApiException | IllegalArgumentException e) {
                wait = Duration.ofSeconds(1);
            }
        }
    }

    /** Stops renewing and destroys the session (best effort: an unreachable agent lets the TTL end it). */
    @Override
    public void close() {
        if (!done.complete(null)) {
            return;
        }
        try {
            sessions.destroy(id);
        } catch (ConsulApiException e) {
            // The session then ends by its TTL, as with Consul's client, which ignores this error too.
        }
    }
}
