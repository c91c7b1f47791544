package io.proconsul.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.EventClient;
import org.kiwiproject.consul.KeyValueClient;
import org.kiwiproject.consul.SessionClient;
import org.kiwiproject.consul.async.Callback;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.EventResponse;
import org.kiwiproject.consul.model.event.Event;
import org.kiwiproject.consul.model.kv.Operation;
import org.kiwiproject.consul.model.kv.TxResponse;
import org.kiwiproject.consul.model.kv.Value;
import org.kiwiproject.consul.model.kv.Verb;
import org.kiwiproject.consul.model.session.ImmutableSession;
import org.kiwiproject.consul.model.session.SessionInfo;
import org.kiwiproject.consul.option.ImmutableEventOptions;
import org.kiwiproject.consul.option.QueryOptions;

/**
 * The kiwiproject Consul client, unchanged, through the coordination APIs: sessions, KV locks
 * ({@code ?acquire}/{@code ?release}) and a two-contender leader election, user events (fire, list, a
 * blocking list) and snapshot save/restore. One real agent as the agent wires it: a dev Raft store, the local
 * services, a LAN serf pool on loopback (user events travel through it) and the HTTP API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class ConsulClientSessionIT {

    private final UserEventAgent agent = new UserEventAgent();
    private TestClient http;
    private Consul consul;
    private SessionClient sessions;
    private KeyValueClient kv;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        agent.start(dataDir);
        http = new TestClient(agent.port());
        Retry.untilPasses(Duration.ofSeconds(20), () -> assertThat(http.put("/v1/catalog/register",
                "{\"Node\":\"node1\",\"Address\":\"127.0.0.1\",\"Check\":{\"CheckID\":\"serfHealth\","
                        + "\"Name\":\"Serf Health Status\",\"Status\":\"passing\"}}").body().trim()).isEqualTo("true"));
        assertThat(http.put("/v1/agent/check/register", "{\"ID\":\"disk\",\"Name\":\"disk\",\"TTL\":\"60s\"}")
                .statusCode()).isEqualTo(200);
        assertThat(http.put("/v1/agent/check/pass/disk", null).statusCode()).isEqualTo(200);
        // Events filtered on a service are kept only by agents running it.
        assertThat(http.put("/v1/agent/service/register", "{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80}")
                .statusCode()).isEqualTo(200);
        consul = Consul.builder().withUrl("http://127.0.0.1:" + agent.port()).build();
        sessions = consul.sessionClient();
        kv = consul.keyValueClient();
    }

    @AfterAll
    void stop() throws Exception {
        if (consul != null) {
            consul.destroy();
        }
        agent.close();
    }

    private String create(ImmutableSession.Builder b) {
        return sessions.createSession(b.build()).getId();
    }

    @Test
    void sessionLifecycle() throws Exception {
        Retry.untilPasses(Duration.ofSeconds(10), () -> assertThat(http.get("/v1/health/node/node1").body())
                .contains("\"CheckID\": \"disk\""));
        String id = create(ImmutableSession.builder().name("db-lock").ttl("30s").behavior("delete")
                .lockDelay("5s").node("node1").addChecks("serfHealth", "disk"));

        SessionInfo info = sessions.getSessionInfo(id).orElseThrow();
        assertThat(info.getId()).isEqualTo(id);
        assertThat(info.getName()).hasValue("db-lock");
        assertThat(info.getNode()).isEqualTo("node1");
        assertThat(info.getTtl()).hasValue("30s");
        assertThat(info.getBehavior()).isEqualTo("delete");
        assertThat(info.getLockDelay()).isEqualTo(5_000_000_000L);
        assertThat(info.getCreateIndex()).isPositive();
        // The deprecated Checks the client sent became NodeChecks, as Consul stores them.
        assertThat(StoreFixture.json(http.get("/v1/session/info/" + id)).get(0).get("NodeChecks").toString())
                .isEqualTo("[\"serfHealth\",\"disk\"]");

        assertThat(sessions.listSessions()).extracting(SessionInfo::getId).contains(id);
        assertThat(sessions.listSessions("dc1")).extracting(SessionInfo::getId).contains(id);
        assertThat(sessions.renewSession(id)).hasValueSatisfying(s -> {
            assertThat(s.getId()).isEqualTo(id);
            assertThat(s.getTtl()).hasValue("30s");
        });

        sessions.destroySession(id);
        assertThat(sessions.getSessionInfo(id)).isEmpty();
        assertThat(sessions.listSessions()).extracting(SessionInfo::getId).doesNotContain(id);
        // Consul answers a renew of an unknown session with a 404 "Session id '<id>' not found".
        assertThatThrownBy(() -> sessions.renewSession(id)).isInstanceOf(ConsulException.class)
                .satisfies(e -> assertThat(((ConsulException) e).getCode()).isEqualTo(404));
    }

    @Test
    void createRefusalsReachTheClientWithConsulsText() {
        assertThatThrownBy(() -> sessions.createSession(ImmutableSession.builder().ttl("1s").build()))
                .isInstanceOf(ConsulException.class)
                .hasMessageContaining("Invalid Session TTL '1000000000', must be between [10s=24h0m0s]");
        assertThatThrownBy(() -> sessions.createSession(ImmutableSession.builder().node("nowhere").build()))
                .isInstanceOf(ConsulException.class).hasMessageContaining("Missing node registration");
    }

    @Test
    void nodeSessionsThroughTheHttpApi() throws Exception {
        // The client has no listNodeSessions; the route it would call answers the same records.
        String id = create(ImmutableSession.builder().name("node-scoped"));
        HttpResponse<String> r = http.get("/v1/session/node/node1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(StoreFixture.json(r).findValuesAsText("ID")).contains(id);
        sessions.destroySession(id);
    }

    @Test
    void acquireAndReleaseShowSessionAndLockIndex() {
        String id = create(ImmutableSession.builder().name("locker").lockDelay("0s"));
        assertThat(kv.acquireLock("locks/a", "holder-1", id)).isTrue();
        Value held = kv.getValue("locks/a").orElseThrow();
        assertThat(held.getSession()).hasValue(id);
        assertThat(held.getLockIndex()).isEqualTo(1);
        assertThat(held.getValueAsString()).hasValue("holder-1");
        assertThat(kv.getSession("locks/a")).hasValue(id);
        // Re-acquiring by the holder updates the value without a new LockIndex.
        assertThat(kv.acquireLock("locks/a", "holder-1b", id)).isTrue();
        assertThat(kv.getValue("locks/a").orElseThrow().getLockIndex()).isEqualTo(1);

        assertThat(kv.releaseLock("locks/a", id)).isTrue();
        Value free = kv.getValue("locks/a").orElseThrow();
        assertThat(free.getSession()).isEmpty();
        assertThat(free.getLockIndex()).isEqualTo(1);
        assertThat(kv.acquireLock("locks/a", id)).isTrue();
        assertThat(kv.getValue("locks/a").orElseThrow().getLockIndex()).isEqualTo(2);
        sessions.destroySession(id);
        assertThat(kv.getValue("locks/a").orElseThrow().getSession()).isEmpty();
    }

    @Test
    void leaderElectionOfTwoContenders() throws Exception {
        String a = create(ImmutableSession.builder().name("contender-a").lockDelay("0s"));
        String b = create(ImmutableSession.builder().name("contender-b").lockDelay("0s"));
        assertThat(kv.acquireLock("service/web/leader", "a", a)).isTrue();
        assertThat(kv.acquireLock("service/web/leader", "b", b)).isFalse();
        assertThat(kv.releaseLock("service/web/leader", b)).isFalse();
        assertThat(kv.getSession("service/web/leader")).hasValue(a);

        // b watches the key with a blocking read and tries again once its holder is gone.
        BigInteger index = kv.getConsulResponseWithValue("service/web/leader").orElseThrow().getIndex();
        CompletableFuture<Optional<Value>> change = CompletableFuture.supplyAsync(
                () -> kv.getValue("service/web/leader", QueryOptions.blockSeconds(20, index).build()));
        assertThatThrownBy(() -> change.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        sessions.destroySession(a);
        assertThat(change.get(15, TimeUnit.SECONDS)).hasValueSatisfying(v -> {
            assertThat(v.getSession()).isEmpty();
            assertThat(v.getValueAsString()).hasValue("a");
        });
        assertThat(kv.acquireLock("service/web/leader", "b", b)).isTrue();
        Value now = kv.getValue("service/web/leader").orElseThrow();
        assertThat(now.getSession()).hasValue(b);
        assertThat(now.getLockIndex()).isEqualTo(2);
        sessions.destroySession(b);
    }

    @Test
    void transactionLockVerbs() {
        String id = create(ImmutableSession.builder().name("tx-locker").lockDelay("0s"));
        String other = create(ImmutableSession.builder().name("tx-other").lockDelay("0s"));
        ConsulResponse<TxResponse> locked = kv.performTransaction(
                Operation.builder(Verb.LOCK).key("locks/tx").value("held").session(id).build(),
                Operation.builder(Verb.CHECK_SESSION).key("locks/tx").session(id).build());
        assertThat(locked.getResponse().errors()).isNullOrEmpty();
        Value result = locked.getResponse().results().get(0).get("KV");
        assertThat(result.getSession()).hasValue(id);
        assertThat(result.getLockIndex()).isEqualTo(1);
        assertThat(kv.getValue("locks/tx").orElseThrow().getValueAsString()).hasValue("held");

        // A failed verb rolls the whole transaction back with Consul's 409, which this client throws on.
        assertThatThrownBy(() -> kv.performTransaction(
                Operation.builder(Verb.SET).key("locks/tx-side").value("x").build(),
                Operation.builder(Verb.CHECK_SESSION).key("locks/tx").session(other).build()))
                .isInstanceOf(ConsulException.class)
                .satisfies(e -> assertThat(((ConsulException) e).getCode()).isEqualTo(409))
                .hasMessageContaining("\"OpIndex\": 1")
                .hasMessageContaining("failed session check for key \\\"locks/tx\\\", current session \\\""
                        + id + "\\\" != \\\"" + other + "\\\"");
        assertThat(kv.getValue("locks/tx-side")).isEmpty();

        ConsulResponse<TxResponse> unlocked = kv.performTransaction(
                Operation.builder(Verb.UNLOCK).key("locks/tx").value("free").session(id).build());
        assertThat(unlocked.getResponse().errors()).isNullOrEmpty();
        assertThat(kv.getValue("locks/tx").orElseThrow().getSession()).isEmpty();
        sessions.destroySession(id);
        sessions.destroySession(other);
    }

    @Test
    void userEventsFireListAndBlock() throws Exception {
        EventClient ev = consul.eventClient();
        Event fired = ev.fireEvent("deploy", ImmutableEventOptions.builder().serviceFilter("web").build(),
                "v42");
        assertThat(fired.getName()).isEqualTo("deploy");
        assertThat(fired.getId()).isNotEmpty();
        assertThat(fired.getServiceFilter()).hasValue("web");
        assertThat(fired.getVersion()).isEqualTo(1);
        ev.fireEvent("other");

        Retry.untilPasses(Duration.ofSeconds(10), () -> assertThat(ev.listEvents().getEvents())
                .extracting(Event::getId).contains(fired.getId()));
        EventResponse deploys = ev.listEvents("deploy");
        assertThat(deploys.getEvents()).extracting(Event::getName).containsOnly("deploy");
        Event listed = deploys.getEvents().get(deploys.getEvents().size() - 1);
        // The client decodes the base64 Payload itself.
        assertThat(listed.getPayload()).hasValue("v42");
        assertThat(listed.getLTime()).isPositive();

        BigInteger index = deploys.getIndex();
        assertThat(index.signum()).isPositive();
        CompletableFuture<EventResponse> next = CompletableFuture.supplyAsync(
                () -> ev.listEvents("deploy", QueryOptions.blockSeconds(20, index).build()));
        assertThatThrownBy(() -> next.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        Event second = ev.fireEvent("deploy", "v43");
        EventResponse after = next.get(15, TimeUnit.SECONDS);
        assertThat(after.getEvents()).extracting(Event::getId).contains(second.getId());
        assertThat(after.getIndex()).isNotEqualTo(index);
    }

    /** An event index is a uint64; one past {@code Long.MAX_VALUE} blocks like any other (it did not). */
    @Test
    void blockingListWithAnIndexAboveTheSignedRange() throws Exception {
        EventClient ev = consul.eventClient();
        BigInteger signedMax = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger[] index = new BigInteger[1];
        // Each event's index is a hash of its random ID: about one in two is above the signed range.
        Retry.untilPasses(Duration.ofSeconds(20), () -> {
            String id = ev.fireEvent("hibit").getId();
            Retry.untilPasses(Duration.ofSeconds(5), () -> assertThat(ev.listEvents("hibit").getEvents())
                    .extracting(Event::getId).contains(id));
            index[0] = ev.listEvents("hibit").getIndex();
            assertThat(index[0]).isGreaterThan(signedMax);
        });
        CompletableFuture<EventResponse> next = CompletableFuture.supplyAsync(
                () -> ev.listEvents("hibit", QueryOptions.blockSeconds(20, index[0]).build()));
        assertThatThrownBy(() -> next.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        String last = ev.fireEvent("hibit").getId();
        assertThat(next.get(15, TimeUnit.SECONDS).getEvents()).extracting(Event::getId).contains(last);
    }

    @Test
    void snapshotSaveAndRestore(@TempDir Path dir) throws Exception {
        kv.putValue("snap/kept", "before");
        Path file = dir.resolve("backup.snap");
        CompletableFuture<BigInteger> saved = new CompletableFuture<>();
        consul.snapshotClient().save(file.toFile(), QueryOptions.BLANK, callback(saved));
        assertThat(saved.get(30, TimeUnit.SECONDS).signum()).isPositive();
        assertThat(Files.size(file)).isPositive();

        kv.putValue("snap/kept", "after");
        kv.putValue("snap/new", "x");
        CompletableFuture<Void> restored = new CompletableFuture<>();
        consul.snapshotClient().restore(file.toFile(), QueryOptions.BLANK, callback(restored));
        restored.get(30, TimeUnit.SECONDS);
        assertThat(kv.getValueAsString("snap/kept")).hasValue("before");
        assertThat(kv.getValue("snap/new")).isEmpty();
    }

    private static <T> Callback<T> callback(CompletableFuture<T> f) {
        return new Callback<>() {
            @Override
            public void onResponse(T t) {
                f.complete(t);
            }

            @Override
            public void onFailure(Throwable t) {
                f.completeExceptionally(t);
            }
        };
    }
}
