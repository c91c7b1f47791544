package io.proconsul.cli.command.lock;

import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.client.SessionClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What Consul's {@code api.Lock} and {@code api.Semaphore} do alike around their keys: a hold is a fresh
 * {@link LockSession} (behavior {@code release} or {@code delete}) that {@link #attempt} acquired with, watched
 * by a {@link LockMonitor} through {@link #stillHeld} until {@link #release}, which stops the watch, lets
 * {@link #releaseKeys} give up the keys and then destroys the session. Holding twice, or releasing or cleaning
 * up in the wrong state, fails with Consul's texts ("Lock already held", "Semaphore not held", ...).
 */
abstract class SessionContender implements Contender {

    protected final KvClient kv;
    protected final LockKv reads;
    /** Give up after this long when positive (Consul's {@code LockTryOnce}/{@code SemaphoreTryOnce}). */
    protected final Duration oneShotWait;
    protected final LockMonitor monitor;
    private final String what;
    private final String behavior;
    private final SessionClient sessions;
    private final String sessionName;
    private LockSession session;

    /**
     * @param what "Lock" or "Semaphore", for the error texts
     * @param behavior the session's behavior when invalidated: {@code release} or {@code delete}
     */
    SessionContender(String what, String behavior, KvClient kv, LockKv reads, SessionClient sessions,
            String sessionName, Duration oneShotWait, int monitorRetries, Duration monitorRetryTime) {
        this.what = what;
        this.behavior = behavior;
        this.kv = kv;
        this.reads = reads;
        this.sessions = sessions;
        this.sessionName = sessionName;
        this.oneShotWait = oneShotWait;
        this.monitor = new LockMonitor(monitorRetries, monitorRetryTime);
    }

    /** Waits with the new session {@code id} until it holds; false when stopped or out of time. */
    abstract boolean attempt(String id, CompletableFuture<Void> stop) throws LockException;

    /** One monitor read: whether session {@code id} still holds; updates {@link LockMonitor#index}. */
    abstract boolean stillHeld(String id) throws ConsulApiException;

    /** Gives up the keys held with session {@code id}; the session is destroyed afterwards in any case. */
    abstract void releaseKeys(String id) throws LockException;

    @Override
    public final CompletableFuture<Void> acquire(CompletableFuture<Void> stop) throws LockException {
        checkNotHeld();
        LockSession s = LockSession.createAndAcquire(sessions, sessionName, behavior, id -> attempt(id, stop));
        if (s == null) {
            return null;
        }
        session = s;
        return monitor.watch(stop, () -> stillHeld(s.id()));
    }

    @Override
    public final void release() throws LockException {
        LockSession s = session;
        if (s == null) {
            throw new LockException(what + " not held");
        }
        session = null;
        monitor.stop();
        try {
            releaseKeys(s.id());
        } finally {
            s.close();
        }
    }

    /** Fails with "... already held" while this contender holds (before a {@link #cleanup}, say). */
    protected final void checkNotHeld() throws LockException {
        if (session != null) {
            throw new LockException(what + " already held");
        }
    }
}
