package io.proconsul.raft.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one applied entry did to sessions that each server also tracks outside the replicated state, in
 * memory, as Consul's servers do: TTL timers (started by a create or a renew, stopped when the session
 * ends) and lock delays (a key released or deleted by an invalidated session stays unacquirable for the
 * session's {@code LockDelay}). Recorded by the tables inside a {@link WriteTx}; handed out with its
 * {@link WriteTx.Changes} once committed. Immutable.
 *
 * @param ttlStarted sessions with a TTL that were created or renewed, by ID, with their TTL
 * @param ended sessions deleted (destroyed or invalidated)
 * @param lockDelays keys released or deleted by an invalidation, with the lock delay in nanoseconds
 *     (already capped at Consul's {@code MaxLockDelay}); keys of sessions without a delay are not listed
 * @param resync the whole state was replaced (a snapshot installed or restored): whatever a server tracks
 *     of sessions must be read again from the state
 */
public record SessionEffects(Map<String, Duration> ttlStarted, Set<String> ended, Map<String, Long> lockDelays,
        boolean resync) {

    /** Nothing happened to sessions. */
    public static final SessionEffects NONE = new SessionEffects(Map.of(), Set.of(), Map.of(), false);

    /** Every session may have changed: see {@link #resync()}. */
    public static final SessionEffects RESYNC = new SessionEffects(Map.of(), Set.of(), Map.of(), true);

    public SessionEffects {
        ttlStarted = Map.copyOf(ttlStarted);
        ended = Set.copyOf(ended);
        lockDelays = Map.copyOf(lockDelays);
    }

    public boolean isEmpty() {
        return ttlStarted.isEmpty() && ended.isEmpty() && lockDelays.isEmpty() && !resync;
    }

    /** Collects the effects of one transaction; confined to the apply thread. */
    static final class Recorder {
        private final Map<String, Duration> ttlStarted = new LinkedHashMap<>();
        private final Set<String> ended = new LinkedHashSet<>();
        private final Map<String, Long> lockDelays = new LinkedHashMap<>();

        void ttlStarted(String id, Duration ttl) {
            ttlStarted.put(id, ttl);
            ended.remove(id);
        }

        void ended(String id) {
            ended.add(id);
            ttlStarted.remove(id);
        }

        void lockDelay(String key, long nanos) {
            lockDelays.merge(key, nanos, Math::max);
        }

        void clear() {
            ttlStarted.clear();
            ended.clear();
            lockDelays.clear();
        }

        SessionEffects build() {
            return ttlStarted.isEmpty() && ended.isEmpty() && lockDelays.isEmpty() ? NONE
                    : new SessionEffects(ttlStarted, ended, lockDelays, false);
        }
    }
}
