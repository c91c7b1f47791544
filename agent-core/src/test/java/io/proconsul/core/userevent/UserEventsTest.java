package io.proconsul.core.userevent;

import static org.assertj.core.api.Assertions.assertThat;

import io.proconsul.core.catalog.NodeService;
import io.proconsul.core.event.InProcessEventBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent's user events over a loopback gossip (the pool's boundary: what is fired is delivered back on the
 * real bus at the next Lamport time, as a one-member serf pool does).
 */
class UserEventsTest {

    private final InProcessEventBus bus = new InProcessEventBus();
    private final AtomicLong ltime = new AtomicLong();
    private final List<String> serfNames = new CopyOnWriteArrayList<>();
    private final UserEventGossip loopback = (name, payload, coalesce) -> {
        serfNames.add(name);
        bus.publish(new GossipUserEvent("lan", ltime.incrementAndGet(), name, payload, coalesce));
        return CompletableFuture.completedFuture(null);
    };
    private final Map<String, NodeService> services = new ConcurrentHashMap<>();
    private final List<UserEvent> remoteExecs = new CopyOnWriteArrayList<>();
    private final UserEvents events = new UserEvents("web-node-1", bus, loopback, () -> services, remoteExecs::add);

    UserEventsTest() {
        events.start();
        services.put("web-primary", new NodeService("", "web-primary", "web", List.of("primary", "v2"), Map.of(),
                80, "", Map.of(), null, false, 1, 1));
    }

    @AfterEach
    void close() {
        events.close();
        bus.close();
    }

    private UserEvent fire(String name, String payload, String node, String service, String tag) throws Exception {
        byte[] p = payload == null ? null : payload.getBytes(StandardCharsets.UTF_8);
        return events.fire(UserEvent.request(name, p, node, service, tag)).get();
    }

    private void awaitListed(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (events.list().size() < n) {
            assertThat(System.nanoTime()).as("waiting for %d events", n).isLessThan(deadline);
            events.nextChange().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aFiredEventHasAnIdAndVersionAndComesBackWithItsLamportTime() throws Exception {
        CompletableFuture<Void> change = events.nextChange();
        UserEvent fired = fire("deploy", "v1", "", "", "");
        assertThat(fired.id()).hasSize(36);
        assertThat(fired.version()).isEqualTo(1);
        assertThat(fired.ltime()).isZero();
        assertThat(serfNames).containsExactly("consul:event:deploy");
        change.get(5, java.util.concurrent.TimeUnit.SECONDS);
        UserEvent got = events.list().get(0);
        assertThat(got.id()).isEqualTo(fired.id());
        assertThat(new String(got.payload(), StandardCharsets.UTF_8)).isEqualTo("v1");
        assertThat(got.ltime()).isEqualTo(1);
        assertThat(UserEvents.index(events.list())).isEqualTo(UserEvent.index(fired.id()));
        assertThat(UserEvents.index(List.of())).isEqualTo(1);
    }

    @ParameterizedTest(name = "node={0} service={1} tag={2} kept={3}")
    @CsvSource({
        "web,,,true", "^web-node-1$,,,true", "db,,,false",
        ",primary,,true", ",web-primary,,true", ",db,,false",
        ",web,^v2$,true", ",web,secondary,false", "web,web,prim,true", "db,web,prim,false"
    })
    void filtersAreRegexpsFoundInTheNodeNameServiceIdsAndTags(String node, String service, String tag,
            boolean kept) throws Exception {
        fire("filtered", null, node, service, tag);
        fire("marker", null, "", "", "");
        awaitListed(kept ? 2 : 1);
        assertThat(events.list()).extracting(UserEvent::name)
                .containsExactlyElementsOf(kept ? List.of("filtered", "marker") : List.of("marker"));
    }

    @Test
    void onlyTheLast256AreKeptOldestFirst() throws Exception {
        for (int i = 0; i < 300; i++) {
            fire("e" + i, null, "", "", "");
        }
        awaitListed(256);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!events.list().get(255).name().equals("e299")) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            events.nextChange().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        List<UserEvent> all = events.list();
        assertThat(all).hasSize(256);
        assertThat(all.get(0).name()).isEqualTo("e44");
    }

    @Test
    void remoteExecEventsGoToTheHandlerNotTheList() throws Exception {
        fire(UserEvents.REMOTE_EXEC, "{}", "", "", "");
        fire("marker", null, "", "", "");
        awaitListed(1);
        assertThat(events.list()).extracting(UserEvent::name).containsExactly("marker");
        assertThat(remoteExecs).extracting(UserEvent::name).containsExactly("_rexec");
    }

    @Test
    void undecodableAndForeignEventsAreDropped() throws Exception {
        bus.publish(new GossipUserEvent("lan", 1, "consul:event:x", new byte[] {1, 2, 3}, false));
        bus.publish(new GossipUserEvent("lan", 2, "other-app", new byte[0], false));
        bus.publish(new GossipUserEvent("wan", 3, "consul:event:y",
                UserEventCodec.encode(UserEvent.request("y", null, "", "", "")), false));
        fire("marker", null, "", "", "");
        awaitListed(1);
        assertThat(events.list()).extracting(UserEvent::name).containsExactly("marker");
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource({
        "'',,,,User event missing name",
        "x,,,v1,Cannot provide tag filter without service filter",
        "x,'(',,,Invalid node filter: ",
        "x,,'[',,Invalid service filter: ",
        "x,,s,'*',Invalid tag filter: ",
    })
    void badRequestsFailWithConsulsText(String name, String node, String service, String tag, String message) {
        var f = events.fire(UserEvent.request(name, null, node, service, tag));
        assertThat(f).failsWithin(Duration.ofSeconds(1)).withThrowableThat()
                .withCauseInstanceOf(IllegalArgumentException.class).withMessageContaining(message);
        assertThat(serfNames).isEmpty();
    }

    @Test
    void theCodecRoundTripsEveryField() throws Exception {
        UserEvent e = new UserEvent("b54fe110-7af5-cafc-d1fb-afc8ba432b1c", "deploy", new byte[] {0, 7}, "n", "s",
                "t", 1, 0);
        UserEvent back = UserEventCodec.decode(UserEventCodec.encode(e), 19);
        assertThat(back).usingRecursiveComparison().isEqualTo(e.withLTime(19));
        byte[] raw = UserEventCodec.encode(e);
        List<byte[]> bad = new ArrayList<>(List.of(java.util.Arrays.copyOf(raw, raw.length - 1),
                java.util.Arrays.copyOf(raw, raw.length + 1)));
        for (byte[] b : bad) {
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> UserEventCodec.decode(b, 1));
        }
    }
}
