package io.proconsul.cli.command.lock;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proconsul.cli.client.ConsulApiException;
import io.proconsul.cli.client.KvClient;
import io.proconsul.cli.client.SessionClient;
import io.proconsul.core.model.KvEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A semaphore of {@code limit} slots under {@code <prefix>/}, Consul's {@code api.Semaphore} step for step:
 * each contender acquires {@code <prefix>/<session>} with flag {@link #SEMAPHORE_FLAG} and a {@code delete}
 * session, and takes a slot by adding its session to the holders of {@code <prefix>/.lock}, the JSON
 * {@code {"Limit":N,"Holders":{"<session>":true}}}, with a check-and-set; holders whose contender key is
 * gone are pruned first. A full semaphore is long-polled.
 */
final class ConsulSemaphore extends SessionContender {

    /** Consul's {@code SemaphoreFlagValue}. */
    static final long SEMAPHORE_FLAG = 0xe0f69a2baa414de0L;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Consul's {@code semaphoreLock}; Go writes the holders map sorted by key. */
    @JsonPropertyOrder({"Limit", "Holders"})
    record SemaphoreLock(@JsonProperty("Limit") int limit, @JsonProperty("Holders") Map<String, Boolean> holders) {}

    private final String prefix;
    private final String lockKey;
    private final int limit;

    ConsulSemaphore(KvClient kv, LockKv reads, SessionClient sessions, String prefix, int limit,
            String sessionName, Duration oneShotWait, int monitorRetries, Duration monitorRetryTime) {
        super("Semaphore", "delete", kv, reads, sessions, sessionName, oneShotWait, monitorRetries,
                monitorRetryTime);
        this.prefix = prefix;
        this.lockKey = LockCommand.join(prefix, ".lock");
        this.limit = limit;
    }

    @Override
    boolean attempt(String id, CompletableFuture<Void> stop) throws LockException {
        boolean made;
        try {
            made = kv.acquire(LockCommand.join(prefix, id), null, SEMAPHORE_FLAG, id);
        } catch (ConsulApiException e) {
            throw new LockException("failed to make contender entry: " + e.getMessage());
        }
        if (!made) {
            throw new LockException("failed to make contender entry: <nil>");
        }
        return waitForSlot(id, stop);
    }

    @Override
    boolean stillHeld(String id) throws ConsulApiException {
        LockKv.Read r = reads.list(prefix, monitor.index(), null, true);
        monitor.index(r.index());
        try {
            return prune(decode(r.find(lockKey)), r.entries()).containsKey(id);
        } catch (LockException undecodable) {
            return false;
        }
    }

    private boolean waitForSlot(String id, CompletableFuture<Void> stop) throws LockException {
        AcquireBudget budget = new AcquireBudget(oneShotWait);
        long waitIndex = 0;
        for (Duration wait = budget.next(stop); wait != null; wait = budget.next(stop)) {
            LockKv.Read r;
            try {
                r = reads.list(prefix, waitIndex, wait, false);
            } catch (ConsulApiException e) {
                if (stop.isDone()) {
                    return false;
                }
                throw new LockException("failed to read prefix: " + e.getMessage());
            }
            KvEntry lockPair = r.find(lockKey);
            if (lockPair != null && lockPair.flags() != SEMAPHORE_FLAG) {
                throw new LockException("Existing key does not match semaphore use");
            }
            SemaphoreLock lock = decode(lockPair);
            if (lock.limit() != limit) {
                throw new LockException("semaphore limit conflict (lock: " + lock.limit() + ", local: " + limit + ")");
            }
            Map<String, Boolean> holders = prune(lock, r.entries());
            if (holders.size() >= lock.limit()) {
                waitIndex = r.index();
                continue;
            }
            holders.put(id, true);
            if (cas(new SemaphoreLock(limit, holders), lockPair == null ? 0 : lockPair.modifyIndex())) {
                return true;
            }
            waitIndex = 0;
        }
        return false;
    }

    private boolean cas(SemaphoreLock lock, long modifyIndex) throws LockException {
        try {
            return kv.cas(lockKey, JSON.writeValueAsBytes(lock), SEMAPHORE_FLAG, modifyIndex);
        } catch (ConsulApiException | IOException e) {
            throw new LockException("failed to update lock: " + e.getMessage());
        }
    }

    private SemaphoreLock decode(KvEntry pair) throws LockException {
        if (pair == null || pair.value() == null) {
            return new SemaphoreLock(limit, new TreeMap<>());
        }
        try {
            SemaphoreLock l = JSON.readValue(pair.value(), SemaphoreLock.class);
            return new SemaphoreLock(l.limit(), l.holders() == null ? new TreeMap<>() : new TreeMap<>(l.holders()));
        } catch (IOException e) {
            throw new LockException("lock decoding failed: " + e.getMessage());
        }
    }

    /** Consul's {@code pruneDeadHolders}: keeps the holders whose session still holds some key. */
    private static Map<String, Boolean> prune(SemaphoreLock lock, List<KvEntry> pairs) {
        Set<String> alive = new HashSet<>();
        pairs.forEach(p -> {
            if (!p.session().isEmpty()) {
                alive.add(p.session());
            }
        });
        Map<String, Boolean> out = new TreeMap<>(lock.holders());
        out.keySet().retainAll(alive);
        return out;
    }

    @Override
    void releaseKeys(String id) throws LockException {
        try {
            while (true) {
                KvEntry pair = kv.get(lockKey).orElse(null);
                SemaphoreLock lock = decode(pair);
                if (!lock.holders().containsKey(id)) {
                    break;
                }
                Map<String, Boolean> holders = new TreeMap<>(lock.holders());
                holders.remove(id);
                if (cas(new SemaphoreLock(lock.limit(), holders), pair == null ? 0 : pair.modifyIndex())) {
                    break;
                }
            }
            kv.delete(LockCommand.join(prefix, id));
        } catch (ConsulApiException e) {
            throw new LockException(e.getMessage());
        }
    }

    @Override
    public void cleanup() throws LockException {
        checkNotHeld();
        try {
            List<KvEntry> pairs = kv.list(prefix);
            KvEntry lockPair = pairs.stream().filter(p -> p.key().equals(lockKey)).findFirst().orElse(null);
            if (lockPair == null) {
                return;
            }
            if (lockPair.flags() != SEMAPHORE_FLAG) {
                throw new LockException("Existing key does not match semaphore use");
            }
            if (!prune(decode(lockPair), pairs).isEmpty() || !kv.deleteCas(lockKey, lockPair.modifyIndex())) {
                throw new LockException("Semaphore in use", true);
            }
        } catch (ConsulApiException e) {
            throw new LockException("failed to remove semaphore: " + e.getMessage());
        }
    }
}
