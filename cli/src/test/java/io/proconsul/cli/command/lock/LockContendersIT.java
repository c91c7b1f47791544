package io.proconsul.cli.command.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.cli.command.members.Eventually;
import io.proconsul.core.model.KvEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lock and the semaphore behind {@code consul lock} against a real agent, checked on Consul's KV layout
 * (api/lock.go, api/semaphore.go) so that Consul's own clients contend on the same keys: the flag values, the
 * {@code .lock} key and its semaphore JSON, the contender keys, hand-over on release, and loss of the hold
 * when the session is destroyed under it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockContendersIT {

    private static final Duration NO_TIMEOUT = Duration.ZERO;

    private LockAgent agent;

    @BeforeAll
    void start() throws Exception {
        agent = new LockAgent();
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void lockIsExclusiveUsesConsulsKeyAndHandsOverOnRelease() throws Exception {
        ConsulLock a = agent.lock("svc/leader", NO_TIMEOUT);
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CompletableFuture<Void> aLost = a.acquire(stop);
        assertThat(aLost).isNotNull().isNotDone();
        KvEntry key = agent.kv.get("svc/leader/.lock").orElseThrow();
        assertThat(key.flags()).isEqualTo(0x2ddccbc058a50c18L);
        assertThat(key.session()).isNotEmpty();
        assertThat(key.lockIndex()).isEqualTo(1);

        // A one-shot contender gives up after its wait.
        assertThat(agent.lock("svc/leader", Duration.ofMillis(500)).acquire(stop)).isNull();

        // A waiting contender is woken by the release, not by a timer.
        ConsulLock b = agent.lock("svc/leader", NO_TIMEOUT);
        CompletableFuture<CompletableFuture<Void>> bHeld = CompletableFuture.supplyAsync(() -> acquire(b, stop));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(sessionsNamed("lock svc/leader")).isEqualTo(2));
        assertThat(bHeld).isNotDone();
        a.release();
        CompletableFuture<Void> bLost = bHeld.get(5, TimeUnit.SECONDS);
        assertThat(bLost).isNotNull();
        assertThat(aLost).isNotDone();
        assertThat(agent.kv.get("svc/leader/.lock").orElseThrow().lockIndex()).isEqualTo(2);

        b.release();
        b.cleanup();
        assertThat(agent.kv.get("svc/leader/.lock")).isEmpty();
    }

    @Test
    void holderLearnsOfTheLossWhenItsSessionIsDestroyed() throws Exception {
        ConsulLock a = agent.lock("svc/lost", NO_TIMEOUT);
        CompletableFuture<Void> lost = a.acquire(new CompletableFuture<>());
        String session = agent.kv.get("svc/lost/.lock").orElseThrow().session();
        agent.sessions.destroy(session);
        lost.get(10, TimeUnit.SECONDS);
        assertThat(agent.kv.get("svc/lost/.lock").orElseThrow().session()).isEmpty();
        a.release();
    }

    @Test
    void cleanupRefusesAHeldLock() throws Exception {
        ConsulLock a = agent.lock("svc/busy", NO_TIMEOUT);
        a.acquire(new CompletableFuture<>());
        LockException e = assertThrows(LockException.class, () -> agent.lock("svc/busy", NO_TIMEOUT).cleanup());
        assertThat(e.inUse()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Lock in use");
        a.release();
    }

    @Test
    void semaphoreOfTwoAdmitsTwoOfThree() throws Exception {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        ConsulSemaphore a = agent.semaphore("svc/pool", 2, NO_TIMEOUT);
        ConsulSemaphore b = agent.semaphore("svc/pool", 2, NO_TIMEOUT);
        assertThat(a.acquire(stop)).isNotNull();
        assertThat(b.acquire(stop)).isNotNull();
        assertThat(agent.semaphore("svc/pool", 2, Duration.ofMillis(500)).acquire(stop)).isNull();

        KvEntry lock = agent.kv.get("svc/pool/.lock").orElseThrow();
        assertThat(lock.flags()).isEqualTo(0xe0f69a2baa414de0L);
        JsonNode json = agent.http.json().readTree(lock.value());
        assertThat(json.get("Limit").asInt()).isEqualTo(2);
        assertThat(json.get("Holders")).hasSize(2);
        List<KvEntry> contenders = agent.kv.list("svc/pool/").stream()
                .filter(e -> !e.key().endsWith("/.lock")).toList();
        assertThat(contenders).hasSize(2).allSatisfy(e -> {
            assertThat(e.flags()).isEqualTo(0xe0f69a2baa414de0L);
            assertThat(e.key()).isEqualTo("svc/pool/" + e.session());
            assertThat(json.get("Holders").get(e.session()).asBoolean()).isTrue();
        });

        ConsulSemaphore c = agent.semaphore("svc/pool", 2, NO_TIMEOUT);
        CompletableFuture<CompletableFuture<Void>> cHeld = CompletableFuture.supplyAsync(() -> acquire(c, stop));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(agent.kv.list("svc/pool/")).hasSize(4));
        assertThat(cHeld).isNotDone();
        a.release();
        assertThat(cHeld.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(agent.http.json().readTree(agent.kv.get("svc/pool/.lock").orElseThrow().value())
                .get("Holders")).hasSize(2);

        // A lock on the semaphore's prefix conflicts instead of silently sharing the key.
        LockException conflict = assertThrows(LockException.class,
                () -> agent.lock("svc/pool", NO_TIMEOUT).acquire(stop));
        assertThat(conflict.getMessage()).isEqualTo("Existing key does not match lock use");
        LockException limit = assertThrows(LockException.class,
                () -> agent.semaphore("svc/pool", 3, NO_TIMEOUT).acquire(stop));
        assertThat(limit.getMessage()).isEqualTo("semaphore limit conflict (lock: 2, local: 3)");
        b.release();
        c.release();
        c.cleanup();
        assertThat(agent.kv.list("svc/pool/")).isEmpty();
    }

    private long sessionsNamed(String name) throws Exception {
        JsonNode all = agent.http.getJson("/v1/session/list", Map.of(),
                new com.fasterxml.jackson.core.type.TypeReference<JsonNode>() {});
        long n = 0;
        for (JsonNode s : all) {
            n += s.path("Name").asText().equals(name) ? 1 : 0;
        }
        return n;
    }

    private static CompletableFuture<Void> acquire(Contender c, CompletableFuture<Void> stop) {
        try {
            return c.acquire(stop);
        } catch (LockException e) {
            throw new IllegalStateException(e);
        }
    }
}
