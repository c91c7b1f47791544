package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consul's leader-election pattern (docs/dynamic-app-config/sessions/application-leader-election) with two
 * contenders on two nodes, each with its own session, both trying {@code ?acquire} on one key: the holder's
 * session ends by destroy, by its TTL lapsing, or by its node's serfHealth going critical, and the other
 * contender then acquires, after the holder's lock delay or at once with {@code LockDelay 0}.
 *
 * <p>The TTL case takes up to twice the 10 s minimum TTL (Consul expires at 2 x TTL), so it is the only one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderElectionIT {

    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
        http = agent.http;
        agent.serfHealth("node1", "passing");
        agent.serfHealth("node2", "passing");
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private String session(String node, String extra) throws Exception {
        HttpResponse<String> r = http.put("/v1/session/create", "{\"Node\":\"" + node + "\"" + extra + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StoreFixture.json(r).get("ID").asText();
    }

    private boolean acquire(String key, String session) throws Exception {
        HttpResponse<String> r = http.put("/v1/kv/" + key + "?acquire=" + session, session);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Boolean.parseBoolean(r.body());
    }

    private String holder(String key) throws Exception {
        HttpResponse<String> r = http.get("/v1/kv/" + key);
        assertThat(r.statusCode()).isEqualTo(200);
        var e = StoreFixture.json(r).get(0);
        return e.has("Session") ? e.get("Session").asText() : "";
    }

    /** Polls {@code ?acquire} until it answers true; the nanoTime it did. */
    private long acquireWithin(String key, String session, Duration limit) throws Exception {
        long[] at = new long[1];
        Retry.untilPasses(limit, () -> {
            assertThat(acquire(key, session)).isTrue();
            at[0] = System.nanoTime();
        });
        return at[0];
    }

    @Test
    void destroyedHolderHandsOverAfterItsLockDelay() throws Exception {
        String a = session("node1", ",\"LockDelay\":\"3s\"");
        String b = session("node2", ",\"LockDelay\":\"3s\"");
        assertThat(acquire("election/delay", a)).isTrue();
        assertThat(acquire("election/delay", b)).isFalse();

        long destroyed = System.nanoTime();
        assertThat(http.put("/v1/session/destroy/" + a, null).body()).isEqualTo("true");
        assertThat(holder("election/delay")).isEmpty();
        // Released, but the key is under the destroyed session's lock delay: Consul answers false. (Only
        // checkable while the answer comes back within the delay; a slow machine may take longer.)
        boolean early = acquire("election/delay", b);
        if (System.nanoTime() - destroyed < Duration.ofSeconds(3).toNanos()) {
            assertThat(early).isFalse();
        }
        long acquired = acquireWithin("election/delay", b, Duration.ofSeconds(15));
        assertThat(Duration.ofNanos(acquired - destroyed)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(holder("election/delay")).isEqualTo(b);
    }

    @Test
    void zeroLockDelayHandsOverAtOnce() throws Exception {
        String a = session("node1", ",\"LockDelay\":0");
        String b = session("node2", ",\"LockDelay\":0");
        assertThat(acquire("election/now", a)).isTrue();
        assertThat(acquire("election/now", b)).isFalse();
        http.put("/v1/session/destroy/" + a, null);
        assertThat(acquire("election/now", b)).isTrue();
        assertThat(holder("election/now")).isEqualTo(b);
    }

    @Test
    void criticalSerfHealthInvalidatesTheHoldersSession() throws Exception {
        agent.serfHealth("node3", "passing");
        String a = session("node3", ",\"LockDelay\":0");
        String b = session("node2", ",\"LockDelay\":0");
        assertThat(acquire("election/node", a)).isTrue();

        agent.serfHealth("node3", "critical");
        Retry.untilPasses(Duration.ofSeconds(10), () ->
                assertThat(http.get("/v1/session/info/" + a).body()).isEqualTo("[]"));
        assertThat(holder("election/node")).isEmpty();
        assertThat(acquire("election/node", b)).isTrue();
        // A session cannot be made on a node whose check is critical.
        HttpResponse<String> r = http.put("/v1/session/create", "{\"Node\":\"node3\"}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("Check 'serfHealth' is in critical state");
    }

    @Test
    void lapsedTtlReleasesTheLock() throws Exception {
        long created = System.nanoTime();
        String a = session("node1", ",\"LockDelay\":0,\"TTL\":\"10s\",\"NodeChecks\":[]");
        String b = session("node2", ",\"LockDelay\":0");
        assertThat(acquire("election/ttl", a)).isTrue();
        assertThat(acquire("election/ttl", b)).isFalse();

        long acquired = acquireWithin("election/ttl", b, Duration.ofSeconds(40));
        assertThat(Duration.ofNanos(acquired - created)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(http.get("/v1/session/info/" + a).body()).isEqualTo("[]");
        assertThat(holder("election/ttl")).isEqualTo(b);
    }
}
