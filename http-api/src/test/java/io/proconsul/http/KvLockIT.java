package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.proconsul.core.config.AgentConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT /v1/kv/<key>?acquire=<session>} and {@code ?release=<session>} against a real RaftStore, with
 * Consul's answers (kvs_endpoint.go and state/kvs.go {@code kvsLockTxn}/{@code kvsUnlockTxn}): {@code true}
 * or {@code false} bodies, {@code LockIndex} counting acquisitions by a new session only, {@code Session}
 * shown on GET, {@code ?flags} and the value stored with the lock, and the store's 500s for a missing or
 * unknown session. The sessions use {@code LockDelay 0} so that no test waits on a delay it did not ask for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KvLockIT {

    private final AtomicInteger keys = new AtomicInteger();
    private StoreFixture agent;
    private TestClient http;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent = new StoreFixture(dataDir, false, AgentConfig.Limits.DEFAULTS);
        http = agent.http;
        agent.serfHealth("node1", "passing");
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private String session(String behavior) throws Exception {
        HttpResponse<String> r = http.put("/v1/session/create",
                "{\"LockDelay\":\"0s\",\"Behavior\":\"" + behavior + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StoreFixture.json(r).get("ID").asText();
    }

    private String key() {
        return "locks/k" + keys.incrementAndGet();
    }

    private JsonNode entry(String key) throws Exception {
        HttpResponse<String> r = http.get("/v1/kv/" + key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return StoreFixture.json(r).get(0);
    }

    @Test
    void acquireShowsSessionAndLockIndexAndFlags() throws Exception {
        String s = session("release");
        String key = key();
        HttpResponse<String> r = http.put("/v1/kv/" + key + "?acquire=" + s + "&flags=3304740253564472344", "leader-a");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("true");
        JsonNode e = entry(key);
        assertThat(e.get("Session").asText()).isEqualTo(s);
        assertThat(e.get("LockIndex").asLong()).isEqualTo(1);
        assertThat(e.get("Flags").asText()).isEqualTo("3304740253564472344");
        assertThat(e.get("Value").asText()).isEqualTo("bGVhZGVyLWE=");

        // The holder acquiring again updates the value but is not a new acquisition.
        assertThat(http.put("/v1/kv/" + key + "?acquire=" + s, "leader-a2").body()).isEqualTo("true");
        JsonNode again = entry(key);
        assertThat(again.get("LockIndex").asLong()).isEqualTo(1);
        assertThat(again.get("Value").asText()).isEqualTo("bGVhZGVyLWEy");
    }

    @Test
    void secondSessionCannotAcquireNorReleaseUntilTheHolderReleases() throws Exception {
        String a = session("release");
        String b = session("release");
        String key = key();
        assertThat(http.put("/v1/kv/" + key + "?acquire=" + a, "a").body()).isEqualTo("true");
        assertThat(http.put("/v1/kv/" + key + "?acquire=" + b, "b").body()).isEqualTo("false");
        assertThat(http.put("/v1/kv/" + key + "?release=" + b, "b").body()).isEqualTo("false");
        assertThat(entry(key).get("Session").asText()).isEqualTo(a);

        assertThat(http.put("/v1/kv/" + key + "?release=" + a, "released").body()).isEqualTo("true");
        JsonNode free = entry(key);
        assertThat(free.has("Session")).isFalse();
        assertThat(free.get("LockIndex").asLong()).isEqualTo(1);

        assertThat(http.put("/v1/kv/" + key + "?acquire=" + b, "b").body()).isEqualTo("true");
        assertThat(entry(key).get("LockIndex").asLong()).isEqualTo(2);
    }

    @Test
    void unknownOrMissingSessionIsTheStoresError() throws Exception {
        HttpResponse<String> unknown = http.put("/v1/kv/" + key() + "?acquire=nope", "x");
        assertThat(unknown.statusCode()).isEqualTo(500);
        assertThat(unknown.body()).isEqualTo("invalid session \"nope\"");
        HttpResponse<String> empty = http.put("/v1/kv/" + key() + "?acquire=", "x");
        assertThat(empty.statusCode()).isEqualTo(500);
        assertThat(empty.body()).isEqualTo("missing session");
    }

    @Test
    void acquireConflictsWithCas() throws Exception {
        HttpResponse<String> r = http.put("/v1/kv/" + key() + "?acquire=x&cas=0", "x");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("Conflicting flags: ");
    }

    @Test
    void destroyReleasesOrDeletesByBehavior() throws Exception {
        String keep = session("release");
        String drop = session("delete");
        String k1 = key();
        String k2 = key();
        assertThat(http.put("/v1/kv/" + k1 + "?acquire=" + keep, "v").body()).isEqualTo("true");
        assertThat(http.put("/v1/kv/" + k2 + "?acquire=" + drop, "v").body()).isEqualTo("true");

        http.put("/v1/session/destroy/" + keep, null);
        http.put("/v1/session/destroy/" + drop, null);
        Retry.untilPasses(java.time.Duration.ofSeconds(5), () -> {
            assertThat(entry(k1).has("Session")).isFalse();
            assertThat(http.get("/v1/kv/" + k2).statusCode()).isEqualTo(404);
        });
        assertThat(entry(k1).get("Value").asText()).isEqualTo("dg==");
    }
}
