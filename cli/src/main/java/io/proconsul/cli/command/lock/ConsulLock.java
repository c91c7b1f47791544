package io.proconsul.cli.command.lock;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.client.SessionClient;
import io.proconsul.core.model.KvEntry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A mutual-exclusion lock at {@code <prefix>/.lock}, Consul's {@code api.Lock} step for step so that Consul's
 * own clients contend on the same key: the key is acquired with a fresh session and the flag
 * {@link #LOCK_FLAG}; a contender long-polls the key while another session holds it and, when an acquire is
 * refused on a free key (the previous holder's lock delay), retries after {@link #RETRY_TIME}. Once held, a
 * monitor thread watches the key with {@code ?consistent} reads and reports the loss when the key no longer
 * names the session, tolerating {@code monitorRetries} 500s a second apart.
 */
final class ConsulLock extends SessionContender {

    /** Consul's {@code LockFlagValue}: marks a key used as a lock. */
    static final long LOCK_FLAG = 0x2ddccbc058a50c18L;
    /** Consul's {@code DefaultLockWaitTime}: one long poll. */
    static final Duration WAIT_TIME = Duration.ofSeconds(15);
    /** Consul's {@code DefaultLockRetryTime}: the pause while a lock delay is in force. */
    static final Duration RETRY_TIME = Duration.ofSeconds(5);

    private final String key;
    /** The index of the last {@link #read}, to long-poll on next. */
    private long lastIndex;

    /**
     * @param oneShotWait with a positive value, give up after that long (Consul's {@code LockTryOnce} and
     *     {@code LockWaitTime}); zero waits for ever
     */
    ConsulLock(KvClient kv, LockKv reads, SessionClient sessions, String key, String sessionName,
            Duration oneShotWait, int monitorRetries, Duration monitorRetryTime) {
        super("Lock", "release", kv, reads, sessions, sessionName, oneShotWait, monitorRetries, monitorRetryTime);
        this.key = key;
    }

    @Override
    boolean stillHeld(String id) throws ConsulApiException {
        LockKv.Read r = reads.get(key, monitor.index(), null, true);
        KvEntry e = r.find(key);
        monitor.index(r.index());
        return e != null && e.session().equals(id);
    }

    @Override
    boolean attempt(String id, CompletableFuture<Void> stop) throws LockException {
        AcquireBudget budget = new AcquireBudget(oneShotWait);
        long waitIndex = 0;
        for (Duration wait = budget.next(stop); wait != null; wait = budget.next(stop)) {
            KvEntry pair = read(waitIndex, wait, stop);
            if (stop.isDone()) {
                return false;
            }
            if (pair != null && pair.flags() != LOCK_FLAG) {
                throw new LockException("Existing key does not match lock use");
            }
            if (pair != null && pair.session().equals(id)) {
                return true;
            }
            if (pair != null && !pair.session().isEmpty()) {
                waitIndex = lastIndex;
                continue;
            }
            if (tryAcquire(id)) {
                return true;
            }
            // Refused on a free key: either someone else won the race (long-poll again) or a lock delay is
            // in force (a timed wait, as nothing will change the key when it ends).
            KvEntry now = read(0, wait, stop);
            if (now != null && !now.session().isEmpty()) {
                waitIndex = lastIndex;
            } else if (Waits.sleepUnlessStopped(RETRY_TIME, stop)) {
                return false;
            }
        }
        return false;
    }

    private KvEntry read(long waitIndex, Duration wait, CompletableFuture<Void> stop) throws LockException {
        try {
            LockKv.Read r = reads.get(key, waitIndex, wait, false);
            lastIndex = r.index();
            return r.find(key);
        } catch (ConsulApiException e) {
            if (stop.isDone()) {
                return null;
            }
            throw new LockException("failed to read lock: " + e.getMessage());
        }
    }

    private boolean tryAcquire(String id) throws LockException {
        try {
            return kv.acquire(key, null, LOCK_FLAG, id);
        } catch (ConsulApiException e) {
            throw new LockException("failed to acquire lock: " + e.getMessage());
        }
    }

    @Override
    void releaseKeys(String id) throws LockException {
        try {
            kv.release(key, null, LOCK_FLAG, id);
        } catch (ConsulApiException e) {
            throw new LockException("failed to release lock: " + e.getMessage());
        }
    }

    @Override
    public void cleanup() throws LockException {
        checkNotHeld();
        try {
            KvEntry pair = kv.get(key).orElse(null);
            if (pair == null) {
                return;
            }
            if (pair.flags() != LOCK_FLAG) {
                throw new LockException("Existing key does not match lock use");
            }
            if (!pair.session().isEmpty() || !kv.deleteCas(key, pair.modifyIndex())) {
                throw new LockException("Lock in use", true);
            }
        } catch (ConsulApiException e) {
            throw new LockException("failed to remove lock: " + e.getMessage());
        }
    }
}
